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
/// <para>All counters are lock-free; only a bounded connection limit takes a short lock. Nothing allocates unless an
/// attempt has to wait.</para>
/// </remarks>
internal sealed class ClusterLimiter : IDisposable
{
    private readonly FifoSlotLimiter? _connections;
    private readonly long _maxRequests;
    private readonly long _maxRetries;
    private long _active;
    private long _activeRetries;
    private long _pendingOverflows;
    private long _retryOverflows;

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
        _maxRequests = policy.MaxRequests;
        _maxRetries = policy.MaxRetries;

        // With unlimited connections (or HTTP/2) no attempt ever waits for a connection, so no queue exists.
        if (!IsMultiplexed && policy.MaxConnections != ConnectionPoolPolicy.Unlimited)
        {
            _connections = new FifoSlotLimiter(policy.MaxConnections, policy.MaxPendingRequests);
        }
    }

    /// <summary>The policy enforced; a reload compares it to decide whether to keep this limiter.</summary>
    public ConnectionPoolPolicy Policy { get; }

    /// <summary>Whether the HTTP/2 model is used.</summary>
    public bool IsMultiplexed { get; }

    /// <summary>Attempts currently admitted (Envoy <c>upstream_rq_active</c>).</summary>
    public long Active => Interlocked.Read(ref _active);

    /// <summary>Attempts waiting for a connection (Envoy <c>upstream_rq_pending_active</c>).</summary>
    public long Pending => _connections?.QueueCount ?? 0;

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
            return new ValueTask<AdmissionResult>(Attach(holdsConnection: false));
        }

        var waiting = _connections.AcquireAsync(cancellationToken);
        return waiting.IsCompletedSuccessfully
            ? new ValueTask<AdmissionResult>(Complete(waiting.Result))
            : CompleteAsync(waiting);
    }

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
    /// acquisitions overflow, admitted attempts may still release their slots.
    /// </summary>
    public void Dispose() => _connections?.Dispose();

    internal void Release(bool holdsConnection)
    {
        // Free the request slot first, so the pending attempt woken by the connection slot finds it free.
        Interlocked.Decrement(ref _active);
        if (holdsConnection)
        {
            _connections!.Release();
        }
    }

    private async ValueTask<AdmissionResult> CompleteAsync(ValueTask<AdmissionStatus> waiting) => Complete(await waiting);

    private AdmissionResult Complete(AdmissionStatus status) => status switch
    {
        AdmissionStatus.Admitted => Attach(holdsConnection: true),
        AdmissionStatus.Canceled => AdmissionResult.Canceled,
        _ => Overflow(),
    };

    private AdmissionResult Attach(bool holdsConnection)
    {
        if (Interlocked.Increment(ref _active) > _maxRequests)
        {
            Interlocked.Decrement(ref _active);
            if (holdsConnection)
            {
                _connections!.Release();
            }

            return Overflow();
        }

        return new AdmissionResult(this, holdsConnection);
    }

    private AdmissionResult Overflow()
    {
        Interlocked.Increment(ref _pendingOverflows);
        return AdmissionResult.Overflowed;
    }
}
