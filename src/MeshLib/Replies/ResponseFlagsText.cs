using System.Text;

namespace MeshLib.Replies;

/// <summary>Renders <see cref="ResponseFlags"/> as Envoy writes <c>%RESPONSE_FLAGS%</c> (<c>ResponseFlagUtils::toShortString</c>).</summary>
internal static class ResponseFlagsText
{
    /// <summary>What Envoy prints when no flag is set.</summary>
    public const string NoFlags = "-";

    // Envoy's canonical order (ALL_RESPONSE_STRINGS_FLAGS in source/common/stream_info/utility.h).
    private static readonly (ResponseFlags Flag, string Code)[] Codes =
    [
        (ResponseFlags.NoHealthyUpstream, "UH"),
        (ResponseFlags.UpstreamRequestTimeout, "UT"),
        (ResponseFlags.LocalReset, "LR"),
        (ResponseFlags.UpstreamRemoteReset, "UR"),
        (ResponseFlags.UpstreamConnectionFailure, "UF"),
        (ResponseFlags.UpstreamConnectionTermination, "UC"),
        (ResponseFlags.UpstreamOverflow, "UO"),
        (ResponseFlags.NoRoute, "NR"),
        (ResponseFlags.DelayInjected, "DI"),
        (ResponseFlags.FaultInjected, "FI"),
        (ResponseFlags.UpstreamRetryLimitExceeded, "URX"),
        (ResponseFlags.UpstreamProtocolError, "UPE"),
        (ResponseFlags.NoClusterFound, "NC"),
    ];

    /// <summary>The short codes of <paramref name="flags"/> joined with <c>,</c> in Envoy's order, or <c>-</c>.</summary>
    /// <param name="flags">The flags.</param>
    /// <returns>For example <c>UF,URX</c>.</returns>
    public static string Format(ResponseFlags flags)
    {
        if (flags == ResponseFlags.None)
        {
            return NoFlags;
        }

        // A single flag (the common case) returns its constant code without building a string.
        string? single = null;
        StringBuilder? builder = null;
        foreach (var (flag, code) in Codes)
        {
            if ((flags & flag) == 0)
            {
                continue;
            }

            if (single is null)
            {
                single = code;
                continue;
            }

            builder ??= new StringBuilder(single);
            builder.Append(',').Append(code);
        }

        return builder?.ToString() ?? single ?? NoFlags;
    }
}
