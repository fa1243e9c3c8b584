namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>HTTPDirectResponse</c>: a fixed response returned without forwarding.</summary>
public sealed record HttpDirectResponseConfig : ConfigElement
{
    /// <summary>HTTP status code to return; required.</summary>
    public uint? Status { get; init; }

    /// <summary>Response body; default: no body.</summary>
    public HttpBodyConfig? Body { get; init; }
}
