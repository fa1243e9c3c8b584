namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>HTTPRetry</c>: the retry policy of an HTTP route.</summary>
public sealed record HttpRetryConfig : ConfigElement
{
    /// <summary>Number of retries (not counting the first try); 0 disables retries; default: 0 in a <c>retries</c> block.</summary>
    public int? Attempts { get; init; }

    /// <summary>Timeout of each attempt, including the first; default: the route timeout (none).</summary>
    public Duration? PerTryTimeout { get; init; }

    /// <summary>Comma-separated retry conditions; default: connect-failure,refused-stream,unavailable,cancelled.</summary>
    public string? RetryOn { get; init; }

    /// <summary>Whether retries may go to other localities (BoolValue); default: false.</summary>
    public bool? RetryRemoteLocalities { get; init; }

    /// <summary>Whether a retry avoids previously tried hosts (BoolValue); default: true.</summary>
    public bool? RetryIgnorePreviousHosts { get; init; }

    /// <summary>Base interval of the exponential back-off between retries; default: 25ms.</summary>
    public Duration? Backoff { get; init; }
}
