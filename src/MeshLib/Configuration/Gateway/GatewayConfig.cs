namespace MeshLib.Configuration.Gateway;

/// <summary>The spec of an Istio <c>Gateway</c>.</summary>
public sealed record GatewayConfig : ConfigElement
{
}
