using System.Threading.RateLimiting;

namespace MeshLib.ConnectionPool;

/// <summary>
/// The result of <see cref="ClusterLimiter.AcquireAsync"/>. When admitted it holds the attempt's slot: dispose it
/// exactly once, when the upstream attempt ends (response body read or abandoned), to admit the next pending attempt.
/// </summary>
internal readonly struct AdmissionResult : IDisposable, IEquatable<AdmissionResult>
{
    private readonly ClusterLimiter? _limiter;
    private readonly RateLimitLease? _connection;
    private readonly RateLimitLease? _request;

    // The leases are null where the limit is unlimited (no limiter exists).
    internal AdmissionResult(ClusterLimiter limiter, RateLimitLease? connection, RateLimitLease? request, ConnectingSlot? connecting = null)
    {
        _limiter = limiter;
        _connection = connection;
        _request = request;
        Connecting = connecting;
        Status = AdmissionStatus.Admitted;
    }

    private AdmissionResult(AdmissionStatus status) => Status = status;

    /// <summary>An attempt refused because a limit overflowed.</summary>
    public static AdmissionResult Overflowed { get; } = new(AdmissionStatus.Overflow);

    /// <summary>An attempt cancelled while it was pending.</summary>
    public static AdmissionResult Canceled { get; } = new(AdmissionStatus.Canceled);

    /// <summary>What happened to the attempt.</summary>
    public AdmissionStatus Status { get; }

    /// <summary>Whether the attempt may proceed.</summary>
    public bool IsAdmitted => Status == AdmissionStatus.Admitted;

    /// <summary>Whether a circuit breaker refused the attempt.</summary>
    public bool IsOverflow => Status == AdmissionStatus.Overflow;

    /// <summary>Releases the slot of an admitted attempt; does nothing for other results.</summary>
    /// <summary>The pending slot held until the attempt's new connection is established (connect-per-request clusters only).</summary>
    public ConnectingSlot? Connecting { get; }

    /// <summary>Releases the admission, and the pending slot if the connection never reported itself established.</summary>
    public void Dispose()
    {
        Connecting?.Release();
        _limiter?.Release(_connection, _request);
    }

    /// <summary>The same admission, holding <paramref name="connecting"/> until the connection is up.</summary>
    internal AdmissionResult WithConnecting(ConnectingSlot connecting) => new(_limiter!, _connection, _request, connecting);

    /// <inheritdoc/>
    public bool Equals(AdmissionResult other) =>
        Status == other.Status && ReferenceEquals(_limiter, other._limiter)
        && ReferenceEquals(_connection, other._connection) && ReferenceEquals(_request, other._request);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AdmissionResult other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Status, _limiter, _connection, _request);

    /// <summary>Compares two results.</summary>
    public static bool operator ==(AdmissionResult left, AdmissionResult right) => left.Equals(right);

    /// <summary>Compares two results.</summary>
    public static bool operator !=(AdmissionResult left, AdmissionResult right) => !left.Equals(right);
}
