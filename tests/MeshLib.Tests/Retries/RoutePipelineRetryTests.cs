using System.Net;
using MeshLib.Configuration;
using MeshLib.Configuration.VirtualService;
using MeshLib.Replies;
using MeshLib.Retries;

namespace MeshLib.Tests.Retries;

public class RoutePipelineRetryTests
{
    private const string RetriedConnectFailure =
        "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure";

    private readonly TestClock _clock = new();

    [Fact]
    public void Create_RouteWithoutFaultTimeoutOrRetries_IsTheDirectPath()
    {
        var pipeline = Factory().Create(new HttpRouteConfig { Retries = new HttpRetryConfig { Attempts = 0 } });

        Assert.Equal(RouteStrategies.None, pipeline.Strategies);
        Assert.True(pipeline.IsDirect);
        Assert.False(pipeline.CanRetry);
    }

    [Fact]
    public void Create_RouteWithoutRetriesField_HasOnlyTheDefaultRetry()
    {
        var pipeline = Factory().Create(new HttpRouteConfig());

        Assert.Equal(RouteStrategies.Retry, pipeline.Strategies);
        Assert.Same(RetryPolicy.Default, pipeline.RetryPolicy);
    }

    [Fact]
    public void Create_EverythingConfigured_HasAllStrategies()
    {
        var pipeline = Factory().Create(new HttpRouteConfig
        {
            Timeout = Duration.Parse("3s"),
            Retries = new HttpRetryConfig { Attempts = 2, PerTryTimeout = Duration.Parse("1s") },
            Fault = new HttpFaultInjectionConfig
            {
                Delay = new DelayConfig { FixedDelay = Duration.Parse("1s"), Percentage = new PercentConfig { Value = 10 } },
                Abort = new AbortConfig { HttpStatus = 500, Percentage = new PercentConfig { Value = 10 } },
            },
        });

        Assert.Equal(
            RouteStrategies.FaultDelay | RouteStrategies.FaultAbort | RouteStrategies.RouteTimeout | RouteStrategies.Retry | RouteStrategies.PerTryTimeout,
            pipeline.Strategies);
    }

    [Fact]
    public void Create_PerTryTimeoutNotShorterThanRouteTimeout_IsDropped()
    {
        var pipeline = Factory().Create(new HttpRouteConfig
        {
            Timeout = Duration.Parse("2s"),
            Retries = new HttpRetryConfig { Attempts = 2, PerTryTimeout = Duration.Parse("2s") },
        });

        Assert.Equal(RouteStrategies.RouteTimeout | RouteStrategies.Retry, pipeline.Strategies);
    }

    [Fact]
    public async Task Execute_DirectPath_RunsTheAttemptOnce()
    {
        var pipeline = Factory().Create(new HttpRouteConfig { Retries = new HttpRetryConfig { Attempts = 0 } });
        var upstream = new ScriptedUpstream(_clock).Respond(HttpStatusCode.Accepted);
        var state = new RequestAttemptState();

        using var response = await Run(pipeline, state, upstream);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, Assert.Single(upstream.Attempts).AttemptCount);
        Assert.Equal(ResponseFlags.None, state.Flags);
    }

    [Fact]
    public async Task DefaultPolicy_503Response_IsNotRetried()
    {
        var pipeline = Factory().Create(new HttpRouteConfig());
        var upstream = new ScriptedUpstream(_clock).Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.OK);
        var state = new RequestAttemptState();

        using var response = await Run(pipeline, state, upstream);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("upstream", await response.Content.ReadAsStringAsync());
        Assert.Single(upstream.Attempts);
        Assert.Equal(ResponseFlags.None, state.Flags);
    }

    [Fact]
    public async Task DefaultPolicy_ConnectFailure_IsRetriedTwiceThenAnswers503()
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(new HttpRouteConfig());
        var upstream = new ScriptedUpstream(_clock).Throw(Failures.ConnectRefused()).Throw(Failures.ConnectRefused()).Throw(Failures.ConnectRefused());
        var state = new RequestAttemptState();

        using var response = await Run(pipeline, state, upstream);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(RetriedConnectFailure, await response.Content.ReadAsStringAsync());
        Assert.Equal([1, 2, 3], upstream.Attempts.Select(a => a.AttemptCount));
        Assert.Equal([false, true, true], upstream.Attempts.Select(a => a.IsRetry));
        Assert.Equal(ResponseFlags.UpstreamConnectionFailure | ResponseFlags.UpstreamRetryLimitExceeded, state.Flags);
    }

    [Fact]
    public async Task DefaultPolicy_ConnectFailureThenSuccess_ReturnsTheUpstreamResponse()
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(new HttpRouteConfig());
        var upstream = new ScriptedUpstream(_clock).Throw(Failures.ConnectTimeout()).Respond(HttpStatusCode.OK);
        var state = new RequestAttemptState();

        using var response = await Run(pipeline, state, upstream);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, state.AttemptCount);
        Assert.Equal(ResponseFlags.None, state.Flags);
    }

    [Fact]
    public async Task Retry_SeesTheEndpointsAlreadyTried()
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(new HttpRouteConfig());
        var upstream = new ScriptedUpstream(_clock).Throw(Failures.ConnectRefused()).Throw(Failures.ConnectRefused()).Respond(HttpStatusCode.OK);

        using var response = await Run(pipeline, new RequestAttemptState(), upstream);

        Assert.Equal(["10.0.0.1:8080", "10.0.0.2:8080"], upstream.Attempts[2].TriedBefore);
    }

    [Fact]
    public async Task AttemptsZero_MakesOneAttemptAndAnswersWithoutRetriedWording()
    {
        var pipeline = Factory().Create(new HttpRouteConfig { Retries = new HttpRetryConfig { Attempts = 0 } });
        var upstream = new ScriptedUpstream(_clock).Throw(Failures.ConnectRefused()).Respond(HttpStatusCode.OK);
        var state = new RequestAttemptState();

        using var response = await Run(pipeline, state, upstream);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(
            "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure",
            await response.Content.ReadAsStringAsync());
        Assert.Single(upstream.Attempts);
        Assert.Equal(ResponseFlags.UpstreamConnectionFailure, state.Flags);
    }

    [Theory]
    [InlineData("5xx", 503, true)]
    [InlineData("gateway-error", 502, true)]
    [InlineData("retriable-4xx", 409, true)]
    [InlineData("retriable-status-codes,418", 418, true)]
    [InlineData("connect-failure", 503, false)]
    public async Task Retry_ResponseConditions(string retryOn, int status, bool retried)
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(Route(retryOn, attempts: 1));
        var upstream = new ScriptedUpstream(_clock).Respond((HttpStatusCode)status).Respond(HttpStatusCode.OK);

        using var response = await Run(pipeline, new RequestAttemptState(), upstream);

        Assert.Equal(retried ? HttpStatusCode.OK : (HttpStatusCode)status, response.StatusCode);
        Assert.Equal(retried ? 2 : 1, upstream.AttemptCount);
    }

    [Fact]
    public async Task Retry_ExhaustedOnResponses_ReturnsTheLastResponseWithUrx()
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(Route("5xx", attempts: 1));
        HttpResponseMessage? first = null;
        var upstream = new ScriptedUpstream(_clock)
            .Respond(HttpStatusCode.InternalServerError, r => first = r)
            .Respond(HttpStatusCode.BadGateway);
        var state = new RequestAttemptState();

        using var response = await Run(pipeline, state, upstream);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(ResponseFlags.UpstreamRetryLimitExceeded, state.Flags);

        // The discarded first response was disposed, freeing its connection.
        Assert.NotNull(first);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => first.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Backoff_WaitsTheJitteredDelayBeforeEachRetry()
    {
        // Draws 0.5 → retry 1 waits 12 ms of [0, 25), retry 2 waits 25 ms of [0, 50).
        var pipeline = Factory(new ScriptedRandom(0.5, 0.5)).Create(new HttpRouteConfig());
        var upstream = new ScriptedUpstream(_clock).Throw(Failures.ConnectRefused()).Throw(Failures.ConnectRefused()).Throw(Failures.ConnectRefused());
        var start = _clock.GetUtcNow();

        var run = Run(pipeline, new RequestAttemptState(), upstream);
        await _clock.WaitForTimersAsync(1);
        _clock.Advance(TimeSpan.FromMilliseconds(11));
        Assert.Equal(1, upstream.AttemptCount);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await upstream.WaitForAttemptsAsync(2);
        await _clock.WaitForTimersAsync(2);
        _clock.Advance(TimeSpan.FromMilliseconds(24));
        Assert.Equal(2, upstream.AttemptCount);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await run;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromMilliseconds(12), TimeSpan.FromMilliseconds(37)],
            upstream.Attempts.Select(a => a.At - start));
    }

    [Fact]
    public async Task RetryBudget_Refusal_StopsRetryingWithOverflowFlag()
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(new HttpRouteConfig());
        var upstream = new ScriptedUpstream(_clock).Throw(Failures.ConnectRefused()).Respond(HttpStatusCode.OK);
        var asked = 0;
        var state = new RequestAttemptState
        {
            TryEnterRetry = () =>
            {
                asked++;
                return false;
            },
            ExitRetry = () => throw new InvalidOperationException("no slot was granted"),
        };

        using var response = await Run(pipeline, state, upstream);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(
            "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure",
            await response.Content.ReadAsStringAsync());
        Assert.Equal(1, asked);
        Assert.Single(upstream.Attempts);
        Assert.Equal(ResponseFlags.UpstreamConnectionFailure | ResponseFlags.UpstreamOverflow, state.Flags);
    }

    [Fact]
    public async Task RetryBudget_GrantedSlots_AreAllGivenBack()
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(new HttpRouteConfig());
        var upstream = new ScriptedUpstream(_clock).Throw(Failures.ConnectRefused()).Throw(Failures.ConnectRefused()).Respond(HttpStatusCode.OK);
        var inFlight = 0;
        var maxInFlight = 0;
        var state = new RequestAttemptState
        {
            TryEnterRetry = () =>
            {
                maxInFlight = Math.Max(maxInFlight, ++inFlight);
                return true;
            },
            ExitRetry = () => inFlight--,
        };

        using var response = await Run(pipeline, state, upstream);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, inFlight);
        Assert.Equal(1, maxInFlight);
    }

    [Fact]
    public async Task LocalReply_FromTheAttempt_IsNeverRetried()
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(Route("5xx", attempts: 3));
        var upstream = new ScriptedUpstream(_clock).LocalReply(HttpStatusCode.ServiceUnavailable, ResponseFlags.UpstreamOverflow).Respond(HttpStatusCode.OK);
        var state = new RequestAttemptState();

        using var response = await Run(pipeline, state, upstream);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(upstream.Attempts);
        Assert.Equal(ResponseFlags.UpstreamOverflow, state.Flags);
    }

    [Fact]
    public async Task RetriesDisabledForTheRequest_MakesOneAttempt()
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(new HttpRouteConfig());
        var upstream = new ScriptedUpstream(_clock).Throw(Failures.ConnectRefused()).Respond(HttpStatusCode.OK);
        var state = new RequestAttemptState { RetriesDisabled = true };

        using var response = await Run(pipeline, state, upstream);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(upstream.Attempts);
    }

    [Fact]
    public async Task ExhaustedResets_UseTheLastResetReason()
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(Route("reset", attempts: 1));
        var upstream = new ScriptedUpstream(_clock).Throw(Failures.ConnectRefused()).Throw(Failures.ResponseEnded());
        var state = new RequestAttemptState();

        using var response = await Run(pipeline, state, upstream);

        Assert.Equal(
            "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: connection termination",
            await response.Content.ReadAsStringAsync());
        Assert.Equal(ResponseFlags.UpstreamConnectionTermination | ResponseFlags.UpstreamRetryLimitExceeded, state.Flags);
    }

    [Fact]
    public async Task ProtocolError_Answers502()
    {
        var pipeline = Factory().Create(new HttpRouteConfig { Retries = new HttpRetryConfig { Attempts = 0 } });
        var upstream = new ScriptedUpstream(_clock).Throw(Failures.InvalidResponse());
        var state = new RequestAttemptState();

        using var response = await Run(pipeline, state, upstream);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(ResponseFlags.UpstreamProtocolError, state.Flags);
    }

    [Fact]
    public async Task GrpcRequest_FailureReplyIsTrailersOnly()
    {
        var pipeline = Factory(new ScriptedRandom { Fallback = 0 }).Create(new HttpRouteConfig());
        var upstream = new ScriptedUpstream(_clock).Throw(Failures.ConnectRefused()).Throw(Failures.ConnectRefused()).Throw(Failures.ConnectRefused());

        using var response = await Run(pipeline, new RequestAttemptState { IsGrpc = true }, upstream);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("14", Assert.Single(response.Headers.GetValues("grpc-status")));
        Assert.Equal(RetriedConnectFailure, Assert.Single(response.Headers.GetValues("grpc-message")));
    }

    [Fact]
    public async Task CallerCancellation_PropagatesAsOperationCanceled()
    {
        var pipeline = Factory().Create(new HttpRouteConfig());
        var upstream = new ScriptedUpstream(_clock).Hang();
        using var cts = new CancellationTokenSource();

        var run = Run(pipeline, new RequestAttemptState(), upstream, cts.Token);
        await upstream.WaitForAttemptsAsync(1);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Single(upstream.Attempts);
    }

    [Fact]
    public async Task CallerCancellation_OnTheDirectPath_PropagatesAsOperationCanceled()
    {
        var pipeline = Factory().Create(new HttpRouteConfig { Retries = new HttpRetryConfig { Attempts = 0 } });
        var upstream = new ScriptedUpstream(_clock).Hang();
        using var cts = new CancellationTokenSource();

        var run = Run(pipeline, new RequestAttemptState(), upstream, cts.Token);
        await upstream.WaitForAttemptsAsync(1);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task CallerCancellation_DuringBackoff_PropagatesAsOperationCanceled()
    {
        var pipeline = Factory(new ScriptedRandom(0.5)).Create(new HttpRouteConfig());
        var upstream = new ScriptedUpstream(_clock).Throw(Failures.ConnectRefused());
        using var cts = new CancellationTokenSource();

        var run = Run(pipeline, new RequestAttemptState(), upstream, cts.Token);
        await _clock.WaitForTimersAsync(1);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Single(upstream.Attempts);
    }

    private static HttpRouteConfig Route(string retryOn, int attempts) =>
        new() { Retries = new HttpRetryConfig { Attempts = attempts, RetryOn = retryOn } };

    private static Task<HttpResponseMessage> Run(RoutePipeline pipeline, RequestAttemptState state, ScriptedUpstream upstream, CancellationToken ct = default) =>
        pipeline.ExecuteAsync(state, upstream, ScriptedUpstream.Send, ct).AsTask();

    private RoutePipelineFactory Factory(ScriptedRandom? random = null) => new(_clock, random is null ? null : random.Next);
}
