namespace MeshLib.Configuration.VirtualService;

/// <summary>The spec of an Istio <c>VirtualService</c>.</summary>
public sealed record VirtualServiceConfig : ConfigElement
{
}
