using System.Diagnostics.CodeAnalysis;

namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>HTTPBody</c>: a response body given as text or as base64 bytes (oneof).</summary>
public sealed record HttpBodyConfig : ConfigElement
{
    /// <summary>Body as text; default: none.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Mirrors the Istio field name 'string'.")]
    public string? String { get; init; }

    /// <summary>Body as base64-encoded bytes; default: none.</summary>
    public string? Bytes { get; init; }
}
