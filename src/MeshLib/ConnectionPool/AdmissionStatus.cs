namespace MeshLib.ConnectionPool;

/// <summary>The outcome of asking a <see cref="ClusterLimiter"/> to admit a request attempt.</summary>
internal enum AdmissionStatus
{
    /// <summary>No admission was attempted (the default value).</summary>
    None = 0,

    /// <summary>The attempt may proceed; dispose the result when it ends.</summary>
    Admitted = 1,

    /// <summary>A circuit breaker overflowed: answer 503 UO, do not retry, do not report to outlier detection.</summary>
    Overflow = 2,

    /// <summary>The attempt was cancelled (caller gone or timeout) while it waited in the pending queue.</summary>
    Canceled = 3,
}
