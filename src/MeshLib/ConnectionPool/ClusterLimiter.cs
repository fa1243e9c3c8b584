using System.Threading.RateLimiting;

namespace MeshLib.ConnectionPool;

/// <summary>
/// Envoy's circuit breakers for one cluster in this process: admission of request attempts and of retries.
/// </summary>
/// <remarks>
/// <para>HTTP/1.1 model (Envoy <c>conn_pool_base.cc</c>, one request per connection): an attempt first needs a
/// connection slot (<see cref="ConnectionPoolPolicy.MaxConnections"/>); without one it waits in a FIFO pending queue
/// of <see cref="ConnectionPoolPolicy.MaxPendingRequests"/>, and beyond that it overflows at once. Holding a
/// connection, it is attached as an active request, which overflows if <see cref="ConnectionPoolPolicy.MaxRequests"/>
/// are already active — Envoy checks that limit on attach and never queues for it. So at most
/// min(maxConnections, maxRequests) attempts are active.</para>
/// <para>HTTP/2 model (multiplexed): only the active-request limit applies; Envoy queues HTTP/2 streams only while
/// the first connection is being set up, which is not modelled.</para>
/// <para>Both limits are <see cref="ConcurrencyLimiter"/>s (oldest first, so a newcomer never overtakes the queue);
/// an unlimited one is not created at all, and then admission is a lock-free counter that allocates nothing. The
/// limiters' failed leases and cancellation exceptions are turned into <see cref="AdmissionResult"/>s here.</para>
/// </remarks>
internal sealed class ClusterLimiter : IDisposable
{
    private readonly ConcurrencyLimiter? _connections;
    private readonly ConcurrencyLimiter? _requests;
    private readonly long _maxRetries;
    private readonly long _maxPending;
    private readonly bool _connectPerRequest;
    private long _connecting;
    private long _active;
    private long _activeRetries;
    private long _pendingOverflows;
    private long _retryOverflows;
    private volatile bool _disposed;

    /// <summary>Creates the limiter of one cluster.</summary>
    /// <param name="policy">The cluster's compiled connection-pool policy.</param>
    /// <param name="multiplexed">
    /// Whether the upstream speaks HTTP/2 whatever the policy says (an <c>http2</c>/<c>grpc</c> port);
    /// <see cref="ConnectionPoolPolicy.UpgradeToHttp2"/> implies it.
    /// </param>
    public ClusterLimiter(ConnectionPoolPolicy policy, bool multiplexed = false)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
        IsMultiplexed = multiplexed || policy.UpgradeToHttp2;
        _maxRetries = policy.MaxRetries;

        // With unlimited connections (or HTTP/2) no attempt ever waits for a connection, so no queue exists.
        if (!IsMultiplexed && IsLimited(policy.MaxConnections))
        {
            _connections = Create(policy.MaxConnections, policy.MaxPendingRequests);

            // Without keep-alive every attempt opens a connection and stays pending until it is connected.
            _connectPerRequest = policy.DisableKeepAlive && IsLimited(policy.MaxPendingRequests);
            _maxPending = policy.MaxPendingRequests;
        }

        // Envoy never queues for max_requests: a full limit overflows on attach. Under the HTTP/1.1 model every active
        // attempt holds a connection slot, so a request limit no lower than the connection limit can never be reached:
        // it is not created, which spares every attempt a lock and a lease.
        var redundant = _connections is not null && policy.MaxRequests >= policy.MaxConnections;
        if (IsLimited(policy.MaxRequests) && !redundant)
        {
            _requests = Create(policy.MaxRequests, queueLimit: 0);
        }
    }

    /// <summary>The policy enforced; a reload compares it to decide whether to keep this limiter.</summary>
    public ConnectionPoolPolicy Policy { get; }

    /// <summary>Whether the HTTP/2 model is used.</summary>
    public bool IsMultiplexed { get; }

    /// <summary>Attempts currently admitted (Envoy <c>upstream_rq_active</c>).</summary>
    public long Active => Interlocked.Read(ref _active);

    /// <summary>Attempts waiting for a connection (Envoy <c>upstream_rq_pending_active</c>).</summary>
    public long Pending
    {
        get
        {
            if (_connections is null || _disposed)
            {
                return 0;
            }

            if (_connectPerRequest)
            {
                return Interlocked.Read(ref _connecting);
            }

            try
            {
                return _connections.GetStatistics()?.CurrentQueuedCount ?? 0;
            }
            catch (ObjectDisposedException)
            {
                // Disposed while being read: nothing waits any more.
                return 0;
            }
        }
    }

    /// <summary>Retries currently outstanding.</summary>
    public long ActiveRetries => Interlocked.Read(ref _activeRetries);

    /// <summary>Attempts refused by the pending or request limit (Envoy <c>upstream_rq_pending_overflow</c>).</summary>
    public long PendingOverflows => Interlocked.Read(ref _pendingOverflows);

    /// <summary>Retries refused by <see cref="ConnectionPoolPolicy.MaxRetries"/> (Envoy <c>upstream_rq_retry_overflow</c>).</summary>
    public long RetryOverflows => Interlocked.Read(ref _retryOverflows);

    /// <summary>All overflows of this cluster.</summary>
    public long Overflows => PendingOverflows + RetryOverflows;

    /// <summary>
    /// Admits one upstream attempt, waiting in the pending queue while every connection is busy. Overflow and
    /// cancellation come back as <see cref="AdmissionStatus.Overflow"/> and <see cref="AdmissionStatus.Canceled"/>,
    /// never as exceptions. Cancelling <paramref name="cancellationToken"/> removes a queued attempt and frees its slot
    /// in the queue.
    /// </summary>
    /// <param name="cancellationToken">The caller's token, typically linked with the per-try or route timeout.</param>
    /// <returns>The admission; when admitted, dispose it once the attempt has ended.</returns>
    public ValueTask<AdmissionResult> AcquireAsync(CancellationToken cancellationToken = default)
    {
        if (_connections is null)
        {
            return new ValueTask<AdmissionResult>(Attach(connection: null));
        }

        if (_disposed)
        {
            return new ValueTask<AdmissionResult>(Overflow());
        }

        ConnectingSlot? connecting = null;
        if (_connectPerRequest)
        {
            // A pending slot is needed for the wait and for the connect, whether or not a connection is free.
            if (Interlocked.Increment(ref _connecting) > _maxPending)
            {
                Interlocked.Decrement(ref _connecting);
                return new ValueTask<AdmissionResult>(Overflow());
            }

            connecting = new ConnectingSlot(this);
        }

        ValueTask<RateLimitLease> waiting;
        try
        {
            waiting = _connections.AcquireAsync(1, cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            // The cluster was retired between the check above and the call.
            connecting?.Release();
            return new ValueTask<AdmissionResult>(Overflow());
        }

        return waiting.IsCompletedSuccessfully
            ? new ValueTask<AdmissionResult>(Complete(waiting.Result, connecting))
            : CompleteAsync(waiting, connecting);
    }

    /// <summary>An attempt's connection is established (or the attempt ended): it is no longer pending.</summary>
    internal void ExitConnecting() => Interlocked.Decrement(ref _connecting);

    /// <summary>
    /// Reserves a retry before it is scheduled. Hold the reservation from the retry decision until the retried
    /// attempt has finished, then call <see cref="ExitRetry"/>, as Envoy does with its <c>max_retries</c> counter.
    /// </summary>
    /// <returns><see langword="false"/> when <see cref="ConnectionPoolPolicy.MaxRetries"/> retries are already outstanding.</returns>
    public bool TryEnterRetry()
    {
        if (Interlocked.Increment(ref _activeRetries) <= _maxRetries)
        {
            return true;
        }

        Interlocked.Decrement(ref _activeRetries);
        Interlocked.Increment(ref _retryOverflows);
        return false;
    }

    /// <summary>Releases a retry reserved by a successful <see cref="TryEnterRetry"/>.</summary>
    public void ExitRetry() => Interlocked.Decrement(ref _activeRetries);

    /// <summary>
    /// Retires the limiter when its cluster leaves the configuration: queued attempts complete as overflow, later
    /// acquisitions against a limit overflow, admitted attempts may still release their slots.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        _connections?.Dispose();
        _requests?.Dispose();
    }

    internal void Release(RateLimitLease? connection, RateLimitLease? request)
    {
        // Free the request slot first, so the pending attempt woken by the connection slot finds it free.
        Interlocked.Decrement(ref _active);
        request?.Dispose();
        connection?.Dispose();
    }

    // 0 means "unset" in Istio, like 2^32−1; ConcurrencyLimiter counts in int, so larger limits are clamped.
    private static bool IsLimited(uint limit) => limit is > 0 and < ConnectionPoolPolicy.Unlimited;

    private static ConcurrencyLimiter Create(uint permits, uint queueLimit) => new(new ConcurrencyLimiterOptions
    {
        PermitLimit = (int)Math.Min(permits, int.MaxValue),
        QueueLimit = (int)Math.Min(queueLimit, int.MaxValue),
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    private async ValueTask<AdmissionResult> CompleteAsync(ValueTask<RateLimitLease> waiting, ConnectingSlot? connecting)
    {
        RateLimitLease lease;
        try
        {
            lease = await waiting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // ConcurrencyLimiter throws when the token cancels a queued acquisition; the queue slot is already freed.
            connecting?.Release();
            return AdmissionResult.Canceled;
        }

        return Complete(lease, connecting);
    }

    // A failed lease is a full queue or a limiter disposed while the attempt waited: both overflow.
    private AdmissionResult Complete(RateLimitLease connection, ConnectingSlot? connecting)
    {
        if (!connection.IsAcquired)
        {
            connection.Dispose();
            connecting?.Release();
            return Overflow();
        }

        var admission = Attach(connection);
        if (!admission.IsAdmitted)
        {
            connecting?.Release();
            return admission;
        }

        return connecting is null ? admission : admission.WithConnecting(connecting);
    }

    private AdmissionResult Attach(RateLimitLease? connection)
    {
        RateLimitLease? request = null;
        if (_requests is not null)
        {
            try
            {
                request = _requests.AttemptAcquire();
            }
            catch (ObjectDisposedException)
            {
                request = null;
            }

            if (request is not { IsAcquired: true })
            {
                request?.Dispose();
                connection?.Dispose();
                return Overflow();
            }
        }

        Interlocked.Increment(ref _active);
        return new AdmissionResult(this, connection, request);
    }

    private AdmissionResult Overflow()
    {
        Interlocked.Increment(ref _pendingOverflows);
        return AdmissionResult.Overflowed;
    }
}
