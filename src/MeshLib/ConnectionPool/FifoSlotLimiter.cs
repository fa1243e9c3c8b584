namespace MeshLib.ConnectionPool;

/// <summary>
/// A counting semaphore with a bounded FIFO wait queue: Envoy's connection limit plus its pending-request queue.
/// Outcomes are returned, never thrown; the uncontended path allocates nothing.
/// </summary>
/// <remarks>
/// Written here because <c>System.Threading.RateLimiting</c> is not part of <c>Microsoft.NETCore.App</c>. A released
/// slot is handed straight to the oldest waiter, so a newcomer can never overtake the queue.
/// </remarks>
internal sealed class FifoSlotLimiter : IDisposable
{
    private static readonly ValueTask<AdmissionStatus> AdmittedNow = new(AdmissionStatus.Admitted);
    private static readonly ValueTask<AdmissionStatus> OverflowNow = new(AdmissionStatus.Overflow);
    private static readonly ValueTask<AdmissionStatus> CanceledNow = new(AdmissionStatus.Canceled);

    private readonly Lock _gate = new();
    private readonly LinkedList<PendingAttempt> _queue = new();
    private readonly long _queueLimit;
    private long _available;
    private bool _disposed;

    /// <summary>Creates the limiter.</summary>
    /// <param name="slots">Slots that can be held at once.</param>
    /// <param name="queueLimit">Attempts that may wait for a slot; more overflow at once.</param>
    public FifoSlotLimiter(long slots, long queueLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slots);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        _available = slots;
        _queueLimit = queueLimit;
    }

    /// <summary>Attempts waiting for a slot.</summary>
    public int QueueCount
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Takes a slot, or waits in the queue for one. Cancelling <paramref name="cancellationToken"/> removes the waiter
    /// from the queue and completes it with <see cref="AdmissionStatus.Canceled"/>.
    /// </summary>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>Admitted (the caller holds a slot and must <see cref="Release"/> it), Overflow or Canceled.</returns>
    public ValueTask<AdmissionStatus> AcquireAsync(CancellationToken cancellationToken)
    {
        PendingAttempt attempt;
        lock (_gate)
        {
            if (_disposed)
            {
                return OverflowNow;
            }

            if (_queue.Count == 0 && _available > 0)
            {
                _available--;
                return AdmittedNow;
            }

            if (_queue.Count >= _queueLimit)
            {
                return OverflowNow;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return CanceledNow;
            }

            attempt = new PendingAttempt(this);
            _queue.AddLast(attempt.Node);
        }

        return WaitAsync(attempt, cancellationToken);
    }

    /// <summary>Returns a slot; the oldest waiter, if any, receives it.</summary>
    public void Release()
    {
        PendingAttempt? next = null;
        lock (_gate)
        {
            if (_queue.First is { } first)
            {
                _queue.Remove(first);
                next = first.Value;
            }
            else
            {
                _available++;
            }
        }

        next?.TrySetResult(AdmissionStatus.Admitted);
    }

    /// <summary>Fails every waiter as overflow; later acquisitions overflow too.</summary>
    public void Dispose()
    {
        PendingAttempt[] waiters;
        lock (_gate)
        {
            _disposed = true;
            waiters = [.. _queue];
            _queue.Clear();
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetResult(AdmissionStatus.Overflow);
        }
    }

    private static async ValueTask<AdmissionStatus> WaitAsync(PendingAttempt attempt, CancellationToken cancellationToken)
    {
        // Disposing the registration after the wait also waits out a cancellation callback that is running.
        using (cancellationToken.UnsafeRegister(static state => Cancel((PendingAttempt)state!), attempt))
        {
            return await attempt.Task;
        }
    }

    private static void Cancel(PendingAttempt attempt)
    {
        var limiter = attempt.Owner;
        lock (limiter._gate)
        {
            // Whoever detaches the node decides the outcome; a waiter already admitted keeps its slot.
            if (attempt.Node.List is null)
            {
                return;
            }

            limiter._queue.Remove(attempt.Node);
        }

        attempt.TrySetResult(AdmissionStatus.Canceled);
    }
}
