namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>Subset</c>: a named set of service endpoints, selected by labels, with optional policy overrides.</summary>
public sealed record SubsetConfig : ConfigElement
{
    /// <summary>Subset name (DNS-1123 label) used by routes; required and unique in the rule.</summary>
    public string? Name { get; init; }

    /// <summary>Endpoint labels that select the subset; empty selects all endpoints.</summary>
    public EquatableDictionary<string>? Labels { get; init; }

    /// <summary>Policy overriding the rule-level policy block by block for this subset.</summary>
    public TrafficPolicyConfig? TrafficPolicy { get; init; }
}
