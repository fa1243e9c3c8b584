using MeshLib.ConnectionPool;

namespace MeshLib.Tests.ConnectionPool;

public class ClusterLimiterTests
{
    // Bounds every wait on an admission that the test has just made possible; never a sleep.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static ClusterLimiter Limiter(uint maxConnections = ConnectionPoolPolicy.Unlimited, uint maxPending = ConnectionPoolPolicy.Unlimited,
        uint maxRequests = ConnectionPoolPolicy.Unlimited, uint maxRetries = ConnectionPoolPolicy.Unlimited) =>
        new(ConnectionPoolPolicy.Default with
        {
            MaxConnections = maxConnections,
            MaxPendingRequests = maxPending,
            MaxRequests = maxRequests,
            MaxRetries = maxRetries,
        });

    // The decision was made synchronously (admitted at once or overflowed at once).
    private static AdmissionResult Now(ValueTask<AdmissionResult> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : throw new Xunit.Sdk.XunitException("expected an immediate admission decision");

    // The attempt is waiting; observed as a Task so that it can be inspected more than once.
    private static Task<AdmissionResult> Queued(ValueTask<AdmissionResult> pending)
    {
        var task = pending.AsTask();
        Assert.False(task.IsCompleted);
        return task;
    }

    private static async Task<AdmissionResult> Admitted(Task<AdmissionResult> pending)
    {
        var result = await pending.WaitAsync(Bound);
        Assert.Equal(AdmissionStatus.Admitted, result.Status);
        return result;
    }

    [Fact]
    public async Task RequestLimitEqualToConnectionLimit_QueuedAttemptsAreAdmittedInTurn_NeverOverflowOnAttach()
    {
        // HTTP/1.1: every active attempt holds a connection, so max_requests = max_connections can never be the limit
        // that refuses (the limiter skips it; the admissions must be exactly those of the connection limit alone).
        using var limiter = Limiter(maxConnections: 2, maxPending: 4, maxRequests: 2);

        var first = Now(limiter.AcquireAsync());
        var second = Now(limiter.AcquireAsync());
        var third = Queued(limiter.AcquireAsync());
        var fourth = Queued(limiter.AcquireAsync());
        Assert.True(first.IsAdmitted && second.IsAdmitted);
        Assert.Equal(2, limiter.Active);
        Assert.Equal(2, limiter.Pending);

        first.Dispose();
        using var thirdAdmitted = await Admitted(third);
        second.Dispose();
        using var fourthAdmitted = await Admitted(fourth);

        Assert.Equal(2, limiter.Active);
        Assert.Equal(0, limiter.Pending);
        Assert.Equal(0, limiter.PendingOverflows);
    }

    [Fact]
    public async Task OneConnectionOnePending_FirstRuns_SecondQueues_ThirdOverflows()
    {
        using var limiter = Limiter(maxConnections: 1, maxPending: 1);

        var first = Now(limiter.AcquireAsync());
        var second = Queued(limiter.AcquireAsync());
        var third = Now(limiter.AcquireAsync());

        Assert.True(first.IsAdmitted);
        Assert.True(third.IsOverflow);
        Assert.Equal(1, limiter.Active);
        Assert.Equal(1, limiter.Pending);
        Assert.Equal(1, limiter.PendingOverflows);

        first.Dispose();
        using var admitted = await Admitted(second);

        Assert.Equal(1, limiter.Active);
        Assert.Equal(0, limiter.Pending);
    }

    [Fact]
    public async Task Release_AdmitsPendingInFifoOrder()
    {
        using var limiter = Limiter(maxConnections: 1, maxPending: 3);
        var a = Now(limiter.AcquireAsync());
        var b = Queued(limiter.AcquireAsync());
        var c = Queued(limiter.AcquireAsync());
        var d = Queued(limiter.AcquireAsync());

        a.Dispose();
        var bResult = await Admitted(b);
        Assert.False(c.IsCompleted);
        Assert.False(d.IsCompleted);

        // A newcomer must not overtake the queue.
        var late = Queued(limiter.AcquireAsync());

        bResult.Dispose();
        var cResult = await Admitted(c);
        Assert.False(d.IsCompleted);

        cResult.Dispose();
        var dResult = await Admitted(d);
        Assert.False(late.IsCompleted);

        dResult.Dispose();
        (await Admitted(late)).Dispose();
        Assert.Equal(0, limiter.Active);
        Assert.Equal(0, limiter.Pending);
    }

    [Fact]
    public async Task CancelWhileQueued_ReturnsCanceled_AndFreesQueueSlot()
    {
        using var limiter = Limiter(maxConnections: 1, maxPending: 1);
        var first = Now(limiter.AcquireAsync());
        using var cts = new CancellationTokenSource();
        var queued = Queued(limiter.AcquireAsync(cts.Token));

        await cts.CancelAsync();
        var canceled = await queued.WaitAsync(Bound);

        Assert.Equal(AdmissionStatus.Canceled, canceled.Status);
        Assert.Equal(0, limiter.Pending);
        Assert.Equal(0, limiter.PendingOverflows);

        // The freed queue slot takes the next attempt instead of overflowing it.
        var next = Queued(limiter.AcquireAsync());
        first.Dispose();
        (await Admitted(next)).Dispose();
        Assert.Equal(0, limiter.Active);
    }

    [Fact]
    public void AlreadyCanceledToken_WhenItWouldQueue_IsCanceledAtOnce()
    {
        using var limiter = Limiter(maxConnections: 1, maxPending: 1);
        using var first = Now(limiter.AcquireAsync());

        var result = Now(limiter.AcquireAsync(new CancellationToken(canceled: true)));

        Assert.Equal(AdmissionStatus.Canceled, result.Status);
        Assert.Equal(0, limiter.Pending);
    }

    [Fact]
    public void ZeroPendingQueue_OverflowsAtOnce()
    {
        using var limiter = new ClusterLimiter(ConnectionPoolPolicy.Default with { MaxConnections = 1, MaxPendingRequests = 0 });
        using var first = Now(limiter.AcquireAsync());

        Assert.True(Now(limiter.AcquireAsync()).IsOverflow);
    }

    [Fact]
    public async Task MaxRequests_OverflowsWithoutQueueing()
    {
        // Envoy checks max_requests when attaching to a connection and never queues for it.
        using var limiter = Limiter(maxRequests: 2, maxPending: 10);
        var a = Now(limiter.AcquireAsync());
        using var b = Now(limiter.AcquireAsync());

        Assert.True(Now(limiter.AcquireAsync()).IsOverflow);
        Assert.Equal(2, limiter.Active);

        a.Dispose();
        using var d = await Admitted(limiter.AcquireAsync().AsTask());
    }

    [Fact]
    public async Task MaxRequestsBelowMaxConnections_BoundsActive_AndKeepsConnectionSlots()
    {
        using var limiter = Limiter(maxConnections: 3, maxPending: 5, maxRequests: 1);
        var a = Now(limiter.AcquireAsync());

        Assert.True(Now(limiter.AcquireAsync()).IsOverflow);
        Assert.True(Now(limiter.AcquireAsync()).IsOverflow);
        Assert.True(Now(limiter.AcquireAsync()).IsOverflow);
        Assert.Equal(0, limiter.Pending);

        // Overflowed attempts returned their connection slots: three can still be taken in turn.
        a.Dispose();
        for (var i = 0; i < 3; i++)
        {
            (await Admitted(limiter.AcquireAsync().AsTask())).Dispose();
        }

        Assert.Equal(0, limiter.Active);
    }

    [Fact]
    public void Multiplexed_IgnoresConnectionLimit_KeepsRequestLimit()
    {
        using var limiter = new ClusterLimiter(ConnectionPoolPolicy.Default with { MaxConnections = 1, MaxPendingRequests = 1, MaxRequests = 3 }, multiplexed: true);

        var results = Enumerable.Range(0, 4).Select(_ => Now(limiter.AcquireAsync())).ToArray();

        Assert.True(limiter.IsMultiplexed);
        Assert.Equal(new[] { true, true, true, false }, results.Select(r => r.IsAdmitted));
        Assert.True(results[3].IsOverflow);
        foreach (var result in results)
        {
            result.Dispose();
        }

        Assert.Equal(0, limiter.Active);
    }

    [Fact]
    public void Unlimited_NeverOverflows()
    {
        using var limiter = new ClusterLimiter(ConnectionPoolPolicy.Default);
        var results = new AdmissionResult[10_000];

        for (var i = 0; i < results.Length; i++)
        {
            results[i] = Now(limiter.AcquireAsync());
            Assert.True(results[i].IsAdmitted);
        }

        Assert.Equal(10_000, limiter.Active);
        foreach (var result in results)
        {
            result.Dispose();
        }

        Assert.Equal(0, limiter.Active);
        Assert.Equal(0, limiter.Overflows);
    }

    [Fact]
    public void Unlimited_AcquireAndRelease_AllocateNothing()
    {
        using var limiter = new ClusterLimiter(ConnectionPoolPolicy.Default);
        AcquireRelease(limiter, 100);

        var before = GC.GetAllocatedBytesForCurrentThread();
        AcquireRelease(limiter, 1_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void LimitedWithFreeConnection_AcquireAndRelease_AllocateOnlyTheLeases()
    {
        // ConcurrencyLimiter hands out a new lease object per permit (about 40 bytes on x64): one for the connection,
        // one for the request limit. Anything beyond that (a boxed state machine, a task) would be ours.
        const int Count = 1_000;
        const int MaxBytesPerAttempt = 2 * 48;
        using var limiter = Limiter(maxConnections: 4, maxPending: 4, maxRequests: 4, maxRetries: 2);
        AcquireRelease(limiter, 100);

        var before = GC.GetAllocatedBytesForCurrentThread();
        AcquireRelease(limiter, Count);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 0, Count * MaxBytesPerAttempt);
    }

    private static void AcquireRelease(ClusterLimiter limiter, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var result = Now(limiter.AcquireAsync(CancellationToken.None));
            if (limiter.TryEnterRetry())
            {
                limiter.ExitRetry();
            }
        }
    }

    [Fact]
    public void Retries_BoundConcurrentOutstandingRetries()
    {
        using var limiter = Limiter(maxRetries: 2);

        Assert.True(limiter.TryEnterRetry());
        Assert.True(limiter.TryEnterRetry());
        Assert.False(limiter.TryEnterRetry());
        Assert.Equal(2, limiter.ActiveRetries);
        Assert.Equal(1, limiter.RetryOverflows);
        Assert.Equal(1, limiter.Overflows);

        limiter.ExitRetry();
        Assert.True(limiter.TryEnterRetry());
        Assert.Equal(2, limiter.ActiveRetries);
    }

    [Fact]
    public void Retries_UnlimitedByDefault()
    {
        using var limiter = new ClusterLimiter(ConnectionPoolPolicy.Default);

        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(limiter.TryEnterRetry());
        }

        Assert.Equal(10_000, limiter.ActiveRetries);
        Assert.Equal(0, limiter.RetryOverflows);
    }

    [Fact]
    public async Task Dispose_FailsQueuedAsOverflow_AndLaterAcquiresOverflow()
    {
        var limiter = Limiter(maxConnections: 1, maxPending: 2);
        var first = Now(limiter.AcquireAsync());
        var queued = Queued(limiter.AcquireAsync());

        limiter.Dispose();

        Assert.True((await queued.WaitAsync(Bound)).IsOverflow);
        Assert.True(Now(limiter.AcquireAsync()).IsOverflow);
        first.Dispose();
        Assert.Equal(0, limiter.Active);
    }

    [Fact]
    public void Dispose_RequestLimitOnly_LaterAcquiresOverflow_UnlimitedStillAdmits()
    {
        var limited = new ClusterLimiter(ConnectionPoolPolicy.Default with { MaxRequests = 2 }, multiplexed: true);
        var held = Now(limited.AcquireAsync());
        limited.Dispose();

        Assert.True(Now(limited.AcquireAsync()).IsOverflow);
        held.Dispose();
        Assert.Equal(0, limited.Active);

        // Nothing to retire without limits: a late attempt still goes through.
        var unlimited = new ClusterLimiter(ConnectionPoolPolicy.Default);
        unlimited.Dispose();
        using var late = Now(unlimited.AcquireAsync());
        Assert.True(late.IsAdmitted);
    }

    [Fact]
    public async Task Concurrent_NeverExceedsLimit_AndAllComplete()
    {
        using var limiter = Limiter(maxConnections: 3, maxPending: ConnectionPoolPolicy.Unlimited);
        var peak = 0L;

        async Task Worker()
        {
            for (var i = 0; i < 200; i++)
            {
                using var result = await limiter.AcquireAsync();
                Assert.True(result.IsAdmitted);
                var active = limiter.Active;
                InterlockedMax(ref peak, active);
                await Task.Yield();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(Worker))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.InRange(peak, 1, 3);
        Assert.Equal(0, limiter.Active);
        Assert.Equal(0, limiter.Pending);
        Assert.Equal(0, limiter.Overflows);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
