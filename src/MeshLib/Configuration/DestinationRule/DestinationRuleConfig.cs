namespace MeshLib.Configuration.DestinationRule;

/// <summary>The spec of an Istio <c>DestinationRule</c>.</summary>
public sealed record DestinationRuleConfig : ConfigElement
{
}
