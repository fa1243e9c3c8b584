using System.Globalization;

namespace MeshLib.Faults;

/// <summary>gRPC status code names as Istio's <c>abort.grpcStatus</c> takes them (<c>UNAVAILABLE</c> → 14).</summary>
internal static class GrpcStatusNames
{
    private static readonly string[] Names =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <summary>Looks up a status name (or a numeric code 0–16).</summary>
    /// <param name="name">The name, e.g. <c>UNAVAILABLE</c>.</param>
    /// <param name="code">The numeric code.</param>
    /// <returns><see langword="true"/> when the name is known.</returns>
    public static bool TryParse(string? name, out int code)
    {
        code = Array.IndexOf(Names, name);
        if (code >= 0)
        {
            return true;
        }

        return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out code) && code < Names.Length;
    }
}
