using MeshLib.Configuration.DestinationRule;

namespace MeshLib.OutlierDetection;

/// <summary>
/// An <c>outlierDetection</c> block compiled the way Istio hands it to Envoy: Istio's and Envoy's defaults
/// filled in, success-rate and failure-percentage ejection off, thresholds of 0 meaning disabled.
/// </summary>
internal sealed class OutlierDetectionPolicy
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DefaultBaseEjectionTime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultMaxEjectionTime = TimeSpan.FromSeconds(300);

    // Index = HTTP status; null means Envoy's default rule (any 5xx is an error).
    private readonly bool[]? _errorCodes;

    private OutlierDetectionPolicy(OutlierDetectionConfig config)
    {
        // Istio copies consecutive5xxErrors when set (0 = enforcing 0); unset leaves Envoy's 5.
        Consecutive5xxErrors = config.Consecutive5xxErrors ?? 5;

        // Unset leaves Envoy's enforcing_consecutive_gateway_failure at 0, i.e. off.
        ConsecutiveGatewayErrors = config.ConsecutiveGatewayErrors ?? 0;

        SplitExternalLocalOriginErrors = config.SplitExternalLocalOriginErrors ?? false;

        // Istio writes the field only when > 0; otherwise Envoy's default 5 applies.
        ConsecutiveLocalOriginFailures = config.ConsecutiveLocalOriginFailures is > 0 and var local ? local : 5;

        // Envoy rejects a zero interval or base time and Istio's validation does too; fall back rather than spin.
        Interval = PositiveOr(config.Interval?.ToTimeSpan(), DefaultInterval);
        BaseEjectionTime = PositiveOr(config.BaseEjectionTime?.ToTimeSpan(), DefaultBaseEjectionTime);

        // Istio never sets max_ejection_time: Envoy uses 300s, or the base time when that is larger.
        MaxEjectionTime = BaseEjectionTime > DefaultMaxEjectionTime ? BaseEjectionTime : DefaultMaxEjectionTime;

        // Istio writes maxEjectionPercent only when > 0; Envoy caps it at 100.
        MaxEjectionPercent = config.MaxEjectionPercent is > 0 and var max ? Math.Min(max, 100) : 10;

        // Istio writes the panic threshold whenever it is >= 0 (so 0 disables panic); a negative value leaves Envoy's 50.
        MinHealthPercent = config.MinHealthPercent switch
        {
            null => 0,
            < 0 => 50,
            var min => Math.Min(min.Value, 100),
        };

        if (config.OutlierDetectionHttpErrorCodes is { Count: > 0 } codes)
        {
            _errorCodes = new bool[600];
            var list = new List<int>(codes.Count);
            foreach (var code in codes.AsSpan())
            {
                if (code < 600 && !_errorCodes[code])
                {
                    _errorCodes[code] = true;
                    list.Add((int)code);
                }
            }

            list.Sort();
            HttpErrorCodes = list;
        }
    }

    /// <summary>Consecutive 5xx (and, unless split, local failures) that eject; 0 disables.</summary>
    public uint Consecutive5xxErrors { get; }

    /// <summary>Consecutive 502/503/504 (and, unless split, local failures) that eject; 0 disables.</summary>
    public uint ConsecutiveGatewayErrors { get; }

    /// <summary>Whether local-origin failures are counted apart from upstream responses.</summary>
    public bool SplitExternalLocalOriginErrors { get; }

    /// <summary>Consecutive local-origin failures that eject; used only when split.</summary>
    public uint ConsecutiveLocalOriginFailures { get; }

    /// <summary>Time between sweeps that return endpoints and decay the ejection multiplier.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Ejection time per ejection in a row.</summary>
    public TimeSpan BaseEjectionTime { get; }

    /// <summary>Upper bound of one ejection: max(300s, base), as Istio leaves Envoy's default.</summary>
    public TimeSpan MaxEjectionTime { get; }

    /// <summary>Largest share (percent) of the cluster's endpoints that may be ejected at once.</summary>
    public int MaxEjectionPercent { get; }

    /// <summary>Panic threshold: below this healthy percentage every endpoint is used; 0 disables panic.</summary>
    public int MinHealthPercent { get; }

    /// <summary>The statuses counted as errors, ascending; <see langword="null"/> means any 5xx.</summary>
    public IReadOnlyList<int>? HttpErrorCodes { get; }

    /// <summary>Compiles a DestinationRule <c>outlierDetection</c> block.</summary>
    /// <param name="config">The block, or <see langword="null"/> when the traffic policy has none.</param>
    /// <returns>The policy, or <see langword="null"/> when absent: then nothing is ever ejected.</returns>
    /// <remarks>The deprecated <c>consecutiveErrors</c> is ignored, as current Istio pilot does (validation warns).</remarks>
    public static OutlierDetectionPolicy? From(OutlierDetectionConfig? config) =>
        config is null ? null : new OutlierDetectionPolicy(config);

    /// <summary>Whether an upstream response with <paramref name="statusCode"/> counts as an error.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <returns><see langword="true"/> for an error.</returns>
    public bool IsError(int statusCode) =>
        _errorCodes is null
            ? statusCode is >= 500 and < 600
            : (uint)statusCode < (uint)_errorCodes.Length && _errorCodes[statusCode];

    /// <summary>How long an endpoint ejected with <paramref name="multiplier"/> stays out: min(base × multiplier, max).</summary>
    /// <param name="multiplier">The endpoint's ejection multiplier (ejections in a row, decayed while healthy).</param>
    /// <returns>The ejection time.</returns>
    /// <remarks>The multiplier never exceeds max / base + 1 and a Duration fits in 292 years, so the product cannot overflow.</remarks>
    public TimeSpan EjectionTime(int multiplier) =>
        TimeSpan.FromTicks(Math.Min(BaseEjectionTime.Ticks * multiplier, MaxEjectionTime.Ticks));

    /// <summary>Whether an ejection may still raise the multiplier (Envoy stops once base × multiplier reaches max + base).</summary>
    /// <param name="multiplier">The multiplier before this ejection.</param>
    /// <returns><see langword="true"/> when the multiplier goes up by one.</returns>
    public bool CanRaiseMultiplier(int multiplier) =>
        BaseEjectionTime.Ticks * multiplier < MaxEjectionTime.Ticks + BaseEjectionTime.Ticks;

    private static TimeSpan PositiveOr(TimeSpan? value, TimeSpan fallback) =>
        value is { } v && v > TimeSpan.Zero ? v : fallback;
}
