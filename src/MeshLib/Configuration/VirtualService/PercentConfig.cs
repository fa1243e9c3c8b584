namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>Percent</c>: a percentage in [0, 100].</summary>
public sealed record PercentConfig : ConfigElement
{
    /// <summary>The percentage; default: 0.</summary>
    public double? Value { get; init; }
}
