namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>Headers</c>: header operations on requests and responses.</summary>
public sealed record HeadersConfig : ConfigElement
{
    /// <summary>Operations applied to the request before forwarding; default: none.</summary>
    public HeaderOperationsConfig? Request { get; init; }

    /// <summary>Operations applied to the response before returning it; default: none.</summary>
    public HeaderOperationsConfig? Response { get; init; }
}
