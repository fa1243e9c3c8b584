using System.Net;
using MeshLib.Configuration;
using MeshLib.Configuration.VirtualService;
using MeshLib.Replies;
using MeshLib.Retries;
using MeshLib.Tests.Retries;
using MeshLib.Timeouts;

namespace MeshLib.Tests.Timeouts;

public class RoutePipelineTimeoutTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task RouteTimeout_CoversAllAttempts_Answers504()
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(new HttpRouteConfig
        {
            Timeout = Duration.Parse("3s"),
            Retries = new HttpRetryConfig { Attempts = 5, RetryOn = "5xx" },
        });
        var step = TimeSpan.FromMilliseconds(1200);
        var upstream = new ScriptedUpstream(_clock)
            .RespondAfter(step, HttpStatusCode.ServiceUnavailable)
            .RespondAfter(step, HttpStatusCode.ServiceUnavailable)
            .RespondAfter(step, HttpStatusCode.OK);
        var state = new RequestAttemptState();

        var run = Run(pipeline, state, upstream);
        await upstream.WaitForAttemptsAsync(1);
        _clock.Advance(step);
        await upstream.WaitForAttemptsAsync(2);
        _clock.Advance(step);
        await upstream.WaitForAttemptsAsync(3);
        _clock.Advance(TimeSpan.FromMilliseconds(599));
        Assert.False(run.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await run;

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream request timeout", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, upstream.AttemptCount);
        Assert.True(state.Flags.HasFlag(ResponseFlags.UpstreamRequestTimeout));
    }

    [Theory]
    [InlineData("5xx", true)]
    [InlineData("gateway-error", true)]
    [InlineData("reset", true)]
    [InlineData("connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes", false)]
    [InlineData("retriable-4xx,reset-before-request", false)]
    public async Task PerTryTimeout_IsRetriedOnlyWith5xxGatewayErrorOrReset(string retryOn, bool retried)
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(new HttpRouteConfig
        {
            Retries = new HttpRetryConfig { Attempts = 1, RetryOn = retryOn, PerTryTimeout = Duration.Parse("1s") },
        });
        var upstream = new ScriptedUpstream(_clock).Hang().Respond(HttpStatusCode.OK);
        var state = new RequestAttemptState();

        var run = Run(pipeline, state, upstream);
        await upstream.WaitForAttemptsAsync(1);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(run.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await run;

        Assert.Equal(retried ? HttpStatusCode.OK : HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(retried ? 2 : 1, upstream.AttemptCount);
        Assert.Equal(retried ? ResponseFlags.None : ResponseFlags.UpstreamRequestTimeout, state.Flags);
    }

    [Fact]
    public async Task PerTryTimeout_Exhausted_Answers504WithUtAndUrx()
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(new HttpRouteConfig
        {
            Retries = new HttpRetryConfig { Attempts = 1, RetryOn = "5xx", PerTryTimeout = Duration.Parse("1s") },
        });
        var upstream = new ScriptedUpstream(_clock).Hang().Hang();
        var state = new RequestAttemptState();

        var run = Run(pipeline, state, upstream);
        await upstream.WaitForAttemptsAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await upstream.WaitForAttemptsAsync(2);
        _clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await run;

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream request timeout", await response.Content.ReadAsStringAsync());
        Assert.Equal(ResponseFlags.UpstreamRequestTimeout | ResponseFlags.UpstreamRetryLimitExceeded, state.Flags);
    }

    [Fact]
    public async Task ExpectedTimeout_IsPerTryCappedByRouteTimeLeft()
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(new HttpRouteConfig
        {
            Timeout = Duration.Parse("4s"),
            Retries = new HttpRetryConfig { Attempts = 2, RetryOn = "reset", PerTryTimeout = Duration.Parse("1500ms") },
        });
        var upstream = new ScriptedUpstream(_clock).Hang().Hang().Respond(HttpStatusCode.OK);

        var run = Run(pipeline, new RequestAttemptState(), upstream);
        await upstream.WaitForAttemptsAsync(1);
        _clock.Advance(TimeSpan.FromMilliseconds(1500));
        await upstream.WaitForAttemptsAsync(2);
        _clock.Advance(TimeSpan.FromMilliseconds(1500));
        using var response = await run;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([1500L, 1500L, 1000L], upstream.Attempts.Select(a => a.ExpectedTimeoutMs));
    }

    [Fact]
    public async Task ExpectedTimeout_IsAbsentWithoutTimeouts()
    {
        var pipeline = Factory().Create(new HttpRouteConfig());
        var upstream = new ScriptedUpstream(_clock).Respond(HttpStatusCode.OK);

        using var response = await Run(pipeline, new RequestAttemptState(), upstream);

        Assert.Null(Assert.Single(upstream.Attempts).ExpectedTimeoutMs);
    }

    [Fact]
    public async Task HeaderRouteTimeout_AppliesOnTheDirectPath()
    {
        var pipeline = Factory().Create(new HttpRouteConfig { Retries = new HttpRetryConfig { Attempts = 0 } });
        var upstream = new ScriptedUpstream(_clock).Hang();
        var state = new RequestAttemptState { TimeoutOverrides = new TimeoutOverrides(TimeSpan.FromSeconds(2), null) };

        var run = Run(pipeline, state, upstream);
        await upstream.WaitForAttemptsAsync(1);
        Assert.Equal(2000L, upstream.Attempts[0].ExpectedTimeoutMs);
        _clock.Advance(TimeSpan.FromSeconds(2));
        using var response = await run;

        Assert.True(pipeline.IsDirect);
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(ResponseFlags.UpstreamRequestTimeout, state.Flags);
    }

    [Fact]
    public async Task HeaderPerTryTimeout_WithDefaultRetryOn_IsNotRetried()
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(new HttpRouteConfig());
        var upstream = new ScriptedUpstream(_clock).Hang().Respond(HttpStatusCode.OK);
        var state = new RequestAttemptState { TimeoutOverrides = new TimeoutOverrides(null, TimeSpan.FromMilliseconds(300)) };

        var run = Run(pipeline, state, upstream);
        await upstream.WaitForAttemptsAsync(1);
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        using var response = await run;

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(1, upstream.AttemptCount);
    }

    [Fact]
    public async Task HeaderRouteTimeout_LongerThanRoute_LetsASlowResponseThrough()
    {
        var pipeline = Factory().Create(new HttpRouteConfig { Timeout = Duration.Parse("1s") });
        var upstream = new ScriptedUpstream(_clock).RespondAfter(TimeSpan.FromSeconds(3), HttpStatusCode.OK);
        var state = new RequestAttemptState { TimeoutOverrides = new TimeoutOverrides(TimeSpan.FromSeconds(5), null) };

        var run = Run(pipeline, state, upstream);
        await upstream.WaitForAttemptsAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(3));
        using var response = await run;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HeaderRouteTimeoutZero_DisablesTheRouteTimeout()
    {
        var pipeline = Factory().Create(new HttpRouteConfig { Timeout = Duration.Parse("1s") });
        var upstream = new ScriptedUpstream(_clock).RespondAfter(TimeSpan.FromSeconds(3), HttpStatusCode.OK);
        var state = new RequestAttemptState { TimeoutOverrides = new TimeoutOverrides(TimeSpan.Zero, null) };

        var run = Run(pipeline, state, upstream);
        await upstream.WaitForAttemptsAsync(1);
        Assert.Null(upstream.Attempts[0].ExpectedTimeoutMs);
        _clock.Advance(TimeSpan.FromSeconds(3));
        using var response = await run;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RouteTimeout_WithCallerCancellation_PropagatesAsOperationCanceled()
    {
        var pipeline = Factory().Create(new HttpRouteConfig { Timeout = Duration.Parse("5s") });
        var upstream = new ScriptedUpstream(_clock).Hang();
        using var cts = new CancellationTokenSource();

        var run = Run(pipeline, new RequestAttemptState(), upstream, cts.Token);
        await upstream.WaitForAttemptsAsync(1);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task RouteTimeout_CountsFromTheFirstAttempt_WhenTheRetryTakesOver()
    {
        // The first attempt runs before the Polly pipeline; the route timeout must still end at 2.5s, not 2.5s after
        // the retry took over (which would let the second attempt's per-try timeout fire first, at 4s).
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(new HttpRouteConfig
        {
            Timeout = Duration.Parse("2500ms"),
            Retries = new HttpRetryConfig { Attempts = 2, RetryOn = "reset", PerTryTimeout = Duration.Parse("2s") },
        });
        var upstream = new ScriptedUpstream(_clock).Hang().Hang().Respond(HttpStatusCode.OK);
        var state = new RequestAttemptState();

        var run = Run(pipeline, state, upstream);
        await upstream.WaitForAttemptsAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(2));
        await upstream.WaitForAttemptsAsync(2);
        _clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(run.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        // Bounded in real time: a route timer restarted at the takeover would leave the request hanging here.
        using var response = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(2, upstream.AttemptCount);
        Assert.Equal([2000L, 500L], upstream.Attempts.Select(a => a.ExpectedTimeoutMs));
        Assert.True(state.Flags.HasFlag(ResponseFlags.UpstreamRequestTimeout));
    }

    [Fact]
    public async Task RouteTimeoutOnly_FirstAttemptTimesOut_IsNotRetried()
    {
        // Without a per-try timeout the first attempt's timer is the route timeout: final, even under retryOn reset.
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(new HttpRouteConfig
        {
            Timeout = Duration.Parse("1s"),
            Retries = new HttpRetryConfig { Attempts = 3, RetryOn = "reset,5xx" },
        });
        var upstream = new ScriptedUpstream(_clock).Hang().Respond(HttpStatusCode.OK);
        var state = new RequestAttemptState();

        var run = Run(pipeline, state, upstream);
        await upstream.WaitForAttemptsAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await run;

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(1, upstream.AttemptCount);
        Assert.Equal(ResponseFlags.UpstreamRequestTimeout, state.Flags);
    }

    [Fact]
    public async Task AnAttemptEndingWhileTheCallersCancellationRunsElsewhere_WaitsForItWithoutBlocking()
    {
        // The caller cancels on another thread; the attempt timer its token is linked to runs the transport's
        // cancellation callback there, which is still running when the attempt's answer arrives on this thread.
        // Ending the attempt must wait for that callback without blocking this thread.
        var pipeline = Factory().Create(new HttpRouteConfig { Timeout = Duration.Parse("10s") });
        using var callbackRunning = new ManualResetEventSlim();
        using var releaseCallback = new ManualResetEventSlim();
        var answer = new TaskCompletionSource<HttpResponseMessage>();
        using var caller = new CancellationTokenSource();
        using var expected = new HttpResponseMessage(HttpStatusCode.OK);

        var run = pipeline.ExecuteAsync(
            new RequestAttemptState(),
            (answer, callbackRunning, releaseCallback),
            static (_, transport, token) =>
            {
                token.Register(() =>
                {
                    transport.callbackRunning.Set();
                    transport.releaseCallback.Wait(TimeSpan.FromSeconds(10));
                });
                return new ValueTask<HttpResponseMessage>(transport.answer.Task);
            },
            caller.Token).AsTask();

        var cancelling = Task.Run(caller.Cancel);
        Assert.True(callbackRunning.Wait(TimeSpan.FromSeconds(10)));

        // Runs the attempt's continuation; a blocking unlink would hold it until releaseCallback is set.
        var answered = Task.Run(() => answer.SetResult(expected));
        var finished = await Task.WhenAny(answered, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.True(finished == answered, "ending the attempt blocked on the caller's cancellation");
        Assert.False(run.IsCompleted);
        releaseCallback.Set();
        await cancelling;

        Assert.Same(expected, await run);
    }

    private static Task<HttpResponseMessage> Run(RoutePipeline pipeline, RequestAttemptState state, ScriptedUpstream upstream, CancellationToken ct = default) =>
        pipeline.ExecuteAsync(state, upstream, ScriptedUpstream.Send, ct).AsTask();

    private RoutePipelineFactory Factory(ScriptedRandom? random = null) => new(_clock, random is null ? null : random.Next);
}
