namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>WarmupConfiguration</c>: slow-start ramp for newly added endpoints.</summary>
public sealed record WarmupConfig : ConfigElement
{
    /// <summary>Length of the warmup window; required.</summary>
    public Duration? Duration { get; init; }

    /// <summary>Starting share of normal traffic, 0–100 (DoubleValue); default 10.</summary>
    public double? MinimumPercent { get; init; }

    /// <summary>Ramp curve exponent, 1.0 is linear (DoubleValue); default 1.0.</summary>
    public double? Aggression { get; init; }
}
