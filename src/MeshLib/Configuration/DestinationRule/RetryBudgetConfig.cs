namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>TrafficPolicy.RetryBudget</c>: caps concurrent retries as a share of active requests.</summary>
public sealed record RetryBudgetConfig : ConfigElement
{
    /// <summary>Maximum retries as a percentage of active plus pending requests (DoubleValue); default 20.</summary>
    public double? Percent { get; init; }

    /// <summary>Retries always allowed regardless of the percentage; default 3.</summary>
    public uint? MinRetryConcurrency { get; init; }

    /// <summary>Window of requests counted when computing the budget; default 0 (only active requests).</summary>
    public Duration? BudgetInterval { get; init; }
}
