namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>OutlierDetection</c>: passive ejection of failing hosts, per client proxy.</summary>
public sealed record OutlierDetectionConfig : ConfigElement
{
    /// <summary>Count locally originated failures separately from upstream errors; default false.</summary>
    public bool? SplitExternalLocalOriginErrors { get; init; }

    /// <summary>Consecutive local-origin failures before ejection when split (UInt32Value); default 5.</summary>
    public uint? ConsecutiveLocalOriginFailures { get; init; }

    /// <summary>Consecutive 502/503/504 (and local failures) before ejection (UInt32Value); default 0 (disabled).</summary>
    public uint? ConsecutiveGatewayErrors { get; init; }

    /// <summary>Consecutive 5xx (and local failures) before ejection (UInt32Value); default 5, 0 disables.</summary>
    [ConfigKey("consecutive5xxErrors", ProtoName = "consecutive_5xx_errors")]
    public uint? Consecutive5xxErrors { get; init; }

    /// <summary>Time between ejection sweeps; default 10s.</summary>
    public Duration? Interval { get; init; }

    /// <summary>Minimum ejection time, multiplied by the number of ejections; default 30s.</summary>
    public Duration? BaseEjectionTime { get; init; }

    /// <summary>Maximum percentage of hosts that may be ejected; default 10.</summary>
    public int? MaxEjectionPercent { get; init; }

    /// <summary>Healthy percentage below which all hosts are used (panic threshold); default 0 (disabled).</summary>
    public int? MinHealthPercent { get; init; }

    /// <summary>Deprecated consecutive-error count (502/503/504); use consecutive5xxErrors.</summary>
    public int? ConsecutiveErrors { get; init; }

    /// <summary>HTTP statuses (100–599) counted as errors; default any 5xx.</summary>
    public EquatableList<uint>? OutlierDetectionHttpErrorCodes { get; init; }
}
