using System.Net;
using MeshLib.Configuration;
using MeshLib.Configuration.VirtualService;
using MeshLib.Replies;
using MeshLib.Retries;
using MeshLib.Tests.Retries;

namespace MeshLib.Tests.Faults;

public class RoutePipelineFaultTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task Abort100Percent_AnswersConfiguredStatus_NeverCallsUpstreamNorRetries()
    {
        var pipeline = Factory().Create(new HttpRouteConfig
        {
            Retries = new HttpRetryConfig { Attempts = 3, RetryOn = "5xx,gateway-error" },
            Fault = Abort(503, 100),
        });
        var upstream = new ScriptedUpstream(_clock);
        var state = new RequestAttemptState();

        using var response = await Run(pipeline, state, upstream);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("fault filter abort", await response.Content.ReadAsStringAsync());
        Assert.Equal("envoy", Assert.Single(response.Headers.GetValues("server")));
        Assert.Empty(upstream.Attempts);
        Assert.Equal(ResponseFlags.FaultInjected, state.Flags);
    }

    [Fact]
    public async Task GrpcStatusAbort_OnGrpcRequest_Is200WithGrpcStatus()
    {
        var pipeline = Factory().Create(new HttpRouteConfig
        {
            Fault = new HttpFaultInjectionConfig
            {
                Abort = new AbortConfig { GrpcStatus = "UNAVAILABLE", Percentage = new PercentConfig { Value = 100 } },
            },
        });
        var upstream = new ScriptedUpstream(_clock);

        using var response = await Run(pipeline, new RequestAttemptState { IsGrpc = true }, upstream);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("14", Assert.Single(response.Headers.GetValues("grpc-status")));
        Assert.Equal("fault filter abort", Assert.Single(response.Headers.GetValues("grpc-message")));
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(upstream.Attempts);
    }

    [Fact]
    public async Task GrpcStatusAbort_OnPlainHttpRequest_Is200TextAsEnvoy()
    {
        var pipeline = Factory().Create(new HttpRouteConfig
        {
            Fault = new HttpFaultInjectionConfig
            {
                Abort = new AbortConfig { GrpcStatus = "INTERNAL", Percentage = new PercentConfig { Value = 100 } },
            },
        });

        using var response = await Run(pipeline, new RequestAttemptState(), new ScriptedUpstream(_clock));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("fault filter abort", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Abort50Percent_FiresExactlyOnDrawsBelowHalf()
    {
        var random = new ScriptedRandom(0.2, 0.7, 0.4999, 0.5, 0.0);
        var pipeline = Factory(random).Create(new HttpRouteConfig
        {
            Retries = new HttpRetryConfig { Attempts = 0 },
            Fault = Abort(500, 50),
        });
        var upstream = new ScriptedUpstream(_clock);
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 5; i++)
        {
            using var response = await Run(pipeline, new RequestAttemptState(), upstream);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(
            [HttpStatusCode.InternalServerError, HttpStatusCode.OK, HttpStatusCode.InternalServerError, HttpStatusCode.OK, HttpStatusCode.InternalServerError],
            statuses);
        Assert.Equal(5, random.Draws);
        Assert.Equal(2, upstream.AttemptCount);
    }

    [Fact]
    public async Task MissingOrZeroPercentage_NeverFiresAndDrawsNothing()
    {
        var random = new ScriptedRandom(0.0);
        var pipeline = Factory(random).Create(new HttpRouteConfig
        {
            Retries = new HttpRetryConfig { Attempts = 0 },
            Fault = new HttpFaultInjectionConfig
            {
                Delay = new DelayConfig { FixedDelay = Duration.Parse("5s"), Percentage = new PercentConfig { Value = 0 } },
                Abort = new AbortConfig { HttpStatus = 500 },
            },
        });
        var upstream = new ScriptedUpstream(_clock);

        using var response = await Run(pipeline, new RequestAttemptState(), upstream);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(pipeline.IsDirect);
        Assert.Equal(0, random.Draws);
    }

    [Fact]
    public async Task Delay100Percent_WaitsThenForwards()
    {
        var pipeline = Factory().Create(new HttpRouteConfig
        {
            Retries = new HttpRetryConfig { Attempts = 0 },
            Fault = Delay("5s", 100),
        });
        var upstream = new ScriptedUpstream(_clock).Respond(HttpStatusCode.OK);
        var state = new RequestAttemptState();

        var run = Run(pipeline, state, upstream);
        await _clock.WaitForTimersAsync(1);
        _clock.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.Equal(0, upstream.AttemptCount);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await run;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, upstream.AttemptCount);
        Assert.Equal(ResponseFlags.DelayInjected, state.Flags);
    }

    [Fact]
    public async Task Delay_IsNotCountedAgainstAShorterRouteTimeout()
    {
        // Istio's example: a 7s delay and a 3s timeout on the same route does not give a 504.
        var pipeline = Factory().Create(new HttpRouteConfig
        {
            Timeout = Duration.Parse("3s"),
            Fault = Delay("7s", 100),
        });
        var upstream = new ScriptedUpstream(_clock).RespondAfter(TimeSpan.FromSeconds(2), HttpStatusCode.OK);
        var state = new RequestAttemptState();

        var run = Run(pipeline, state, upstream);
        await _clock.WaitForTimersAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(7));
        await upstream.WaitForAttemptsAsync(1);
        Assert.Equal(3000L, upstream.Attempts[0].ExpectedTimeoutMs);
        _clock.Advance(TimeSpan.FromSeconds(2));
        using var response = await run;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ResponseFlags.DelayInjected, state.Flags);
    }

    [Fact]
    public async Task Delay_ThenRouteTimeoutStillAppliesToTheForwardedRequest()
    {
        var pipeline = Factory().Create(new HttpRouteConfig
        {
            Timeout = Duration.Parse("3s"),
            Fault = Delay("7s", 100),
        });
        var upstream = new ScriptedUpstream(_clock).Hang();
        var state = new RequestAttemptState();

        var run = Run(pipeline, state, upstream);
        await _clock.WaitForTimersAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(7));
        await upstream.WaitForAttemptsAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(3));
        using var response = await run;

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(ResponseFlags.DelayInjected | ResponseFlags.UpstreamRequestTimeout, state.Flags);
    }

    [Fact]
    public async Task DelayAndAbort_DrawIndependently_DelayFirst()
    {
        // Delay draw 0.1 < 0.5 fires; abort draw 0.9 >= 0.5 does not.
        var random = new ScriptedRandom(0.1, 0.9);
        var pipeline = Factory(random).Create(new HttpRouteConfig
        {
            Retries = new HttpRetryConfig { Attempts = 0 },
            Fault = new HttpFaultInjectionConfig
            {
                Delay = new DelayConfig { FixedDelay = Duration.Parse("1s"), Percentage = new PercentConfig { Value = 50 } },
                Abort = new AbortConfig { HttpStatus = 500, Percentage = new PercentConfig { Value = 50 } },
            },
        });
        var upstream = new ScriptedUpstream(_clock).Respond(HttpStatusCode.OK);
        var state = new RequestAttemptState();

        var run = Run(pipeline, state, upstream);
        await _clock.WaitForTimersAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await run;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ResponseFlags.DelayInjected, state.Flags);
        Assert.Equal(2, random.Draws);
    }

    [Fact]
    public async Task DelayedThenAborted_CarriesBothFlags()
    {
        var pipeline = Factory().Create(new HttpRouteConfig
        {
            Fault = new HttpFaultInjectionConfig
            {
                Delay = new DelayConfig { FixedDelay = Duration.Parse("1s"), Percentage = new PercentConfig { Value = 100 } },
                Abort = new AbortConfig { HttpStatus = 400, Percentage = new PercentConfig { Value = 100 } },
            },
        });
        var state = new RequestAttemptState();

        var run = Run(pipeline, state, new ScriptedUpstream(_clock));
        await _clock.WaitForTimersAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await run;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ResponseFlags.DelayInjected | ResponseFlags.FaultInjected, state.Flags);
    }

    [Fact]
    public async Task CallerCancellation_DuringDelay_PropagatesAsOperationCanceled()
    {
        var pipeline = Factory().Create(new HttpRouteConfig { Fault = Delay("10s", 100) });
        var upstream = new ScriptedUpstream(_clock);
        using var cts = new CancellationTokenSource();

        var run = Run(pipeline, new RequestAttemptState(), upstream, cts.Token);
        await _clock.WaitForTimersAsync(1);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(upstream.Attempts);
    }

    private static HttpFaultInjectionConfig Abort(int status, double percent) => new()
    {
        Abort = new AbortConfig { HttpStatus = status, Percentage = new PercentConfig { Value = percent } },
    };

    private static HttpFaultInjectionConfig Delay(string delay, double percent) => new()
    {
        Delay = new DelayConfig { FixedDelay = Duration.Parse(delay), Percentage = new PercentConfig { Value = percent } },
    };

    private static Task<HttpResponseMessage> Run(RoutePipeline pipeline, RequestAttemptState state, ScriptedUpstream upstream, CancellationToken ct = default) =>
        pipeline.ExecuteAsync(state, upstream, ScriptedUpstream.Send, ct).AsTask();

    private RoutePipelineFactory Factory(ScriptedRandom? random = null) => new(_clock, random is null ? null : random.Next);
}
