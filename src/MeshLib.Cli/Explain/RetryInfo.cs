namespace MeshLib.Cli.Explain;

/// <summary>A route's retry policy.</summary>
/// <param name="IsDefault">Whether the route has no <c>retries</c> and gets Istio's default policy.</param>
/// <param name="Attempts">Retries after the first try (0: retries disabled).</param>
/// <param name="RetryOn">The retry conditions, as Envoy gets them.</param>
/// <param name="RetriableStatusCodes">The statuses retried under <c>retriable-status-codes</c>.</param>
/// <param name="PerTryTimeout">The per-try timeout as an Istio duration, or null for none.</param>
/// <param name="PerTryTimeoutApplies">Whether the per-try timeout takes effect (Envoy ignores one not shorter than the route timeout).</param>
/// <param name="BackoffBaseInterval">The back-off base interval (full jitter, doubling).</param>
/// <param name="BackoffMaxInterval">The back-off cap (10 × base).</param>
/// <param name="RetryRemoteLocalities"><c>retryRemoteLocalities</c>.</param>
/// <param name="RetryIgnorePreviousHosts"><c>retryIgnorePreviousHosts</c> as written, or null when unset.</param>
internal sealed record RetryInfo(
    bool IsDefault,
    int Attempts,
    string RetryOn,
    IReadOnlyList<int> RetriableStatusCodes,
    string? PerTryTimeout,
    bool PerTryTimeoutApplies,
    string BackoffBaseInterval,
    string BackoffMaxInterval,
    bool RetryRemoteLocalities,
    bool? RetryIgnorePreviousHosts);
