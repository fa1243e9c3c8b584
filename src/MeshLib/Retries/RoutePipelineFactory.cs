using MeshLib.Configuration.VirtualService;
using MeshLib.Faults;
using MeshLib.Replies;
using Polly;
using Polly.Retry;
using Polly.Simmy;
using Polly.Simmy.Latency;
using Polly.Simmy.Outcomes;
using Polly.Timeout;

namespace MeshLib.Retries;

/// <summary>
/// Builds each route's <see cref="RoutePipeline"/> once, when a configuration snapshot is compiled (never per
/// request). Time comes from the injected <see cref="TimeProvider"/>, randomness (fault draws, back-off jitter)
/// from the injected source, so tests are exact.
/// </summary>
internal sealed class RoutePipelineFactory
{
    private readonly TimeProvider _timeProvider;
    private readonly Func<double> _random;

    /// <summary>Creates a factory.</summary>
    /// <param name="timeProvider">Time for delays, back-off and timeouts.</param>
    /// <param name="random">Uniform draws in [0, 1); default <see cref="Random.Shared"/>.</param>
    public RoutePipelineFactory(TimeProvider timeProvider, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>Builds the pipeline of an HTTP route from its <c>fault</c>, <c>timeout</c> and <c>retries</c>.</summary>
    /// <param name="route">The route.</param>
    /// <returns>The pipeline.</returns>
    public RoutePipeline Create(HttpRouteConfig route)
    {
        ArgumentNullException.ThrowIfNull(route);

        // Istio writes timeout 0s (disabled) unless the route sets one; 0 also means disabled.
        var timeout = route.Timeout is { } t && t.ToTimeSpan() > TimeSpan.Zero ? t.ToTimeSpan() : (TimeSpan?)null;
        return Create(FaultPolicy.FromConfig(route.Fault), timeout, RetryPolicy.FromConfig(route.Retries));
    }

    /// <summary>Builds a pipeline from compiled policies.</summary>
    /// <param name="fault">Fault injection, or null.</param>
    /// <param name="routeTimeout">Route timeout, or null for none.</param>
    /// <param name="retry">Retry policy.</param>
    /// <returns>The pipeline.</returns>
    public RoutePipeline Create(FaultPolicy? fault, TimeSpan? routeTimeout, RetryPolicy retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        var strategies = RouteStrategies.None;
        if (fault is { HasDelay: true })
        {
            strategies |= RouteStrategies.FaultDelay;
        }

        if (fault is { HasAbort: true })
        {
            strategies |= RouteStrategies.FaultAbort;
        }

        if (routeTimeout is not null)
        {
            strategies |= RouteStrategies.RouteTimeout;
        }

        if (retry.IsEnabled)
        {
            strategies |= RouteStrategies.Retry;
        }

        if (retry.PerTryTimeout is { } perTry && !(perTry >= routeTimeout))
        {
            strategies |= RouteStrategies.PerTryTimeout;
        }

        // Timeout headers can ask for either timeout on any route, so requests carrying them use a variant with both.
        var withOverrides = strategies | RouteStrategies.RouteTimeout | RouteStrategies.PerTryTimeout;
        return new RoutePipeline(
            Build(strategies, fault, retry),
            Build(withOverrides, fault, retry),
            strategies,
            fault,
            routeTimeout,
            retry,
            _timeProvider);
    }

    private ResiliencePipeline<HttpResponseMessage> Build(RouteStrategies strategies, FaultPolicy? fault, RetryPolicy retry)
    {
        if (strategies == RouteStrategies.None)
        {
            return ResiliencePipeline<HttpResponseMessage>.Empty;
        }

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _timeProvider };

        // The fault runs before the router, so its delay is outside (not counted by) the route timeout,
        // and its abort is outside the retry (never retried).
        if ((strategies & RouteStrategies.FaultDelay) != 0)
        {
            builder.AddChaosLatency(new ChaosLatencyStrategyOptions
            {
                InjectionRate = fault!.DelayProbability,
                Latency = fault.Delay,
                Randomizer = _random,
                OnLatencyInjected = static args =>
                {
                    RoutePipeline.GetState(args.Context).AddFlags(ResponseFlags.DelayInjected);
                    return default;
                },
            });
        }

        if ((strategies & RouteStrategies.FaultAbort) != 0)
        {
            builder.AddChaosOutcome(new ChaosOutcomeStrategyOptions<HttpResponseMessage>
            {
                InjectionRate = fault!.AbortProbability,
                Randomizer = _random,
                OutcomeGenerator = args => new ValueTask<Outcome<HttpResponseMessage>?>(
                    Outcome.FromResult(fault.CreateAbortResponse(RoutePipeline.GetState(args.Context).IsGrpc))),
                OnOutcomeInjected = static args =>
                {
                    RoutePipeline.GetState(args.Context).AddFlags(ResponseFlags.FaultInjected);
                    return default;
                },
            });
        }

        if ((strategies & RouteStrategies.RouteTimeout) != 0)
        {
            builder.AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = static args =>
                {
                    // The timer starts here, or earlier when the first attempt ran before the pipeline: then only the
                    // time left is armed. A timeout already run out still gets the shortest timer, which fires at once.
                    var state = RoutePipeline.GetState(args.Context);
                    state.StartGlobalTimer();
                    var left = state.GlobalTimeLeft();
                    return new ValueTask<TimeSpan>(left == Timeout.InfiniteTimeSpan || left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1));
                },
            });
        }

        if ((strategies & RouteStrategies.Retry) != 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = retry.MaxRetries,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(retry, args.Context, args.Outcome, args.AttemptNumber)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(retry.Backoff(args.AttemptNumber + 1, _random())),
                OnRetry = static args =>
                {
                    // The discarded response would otherwise hold its connection until finalised.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        if ((strategies & RouteStrategies.PerTryTimeout) != 0)
        {
            builder.AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = static args => new ValueTask<TimeSpan>(
                    RoutePipeline.GetState(args.Context).Timeouts.PerTry ?? Timeout.InfiniteTimeSpan),
            });
        }

        return builder.Build();
    }

    /// <summary>
    /// Envoy's retry decision for one outcome: matching conditions, then the per-request limit (exhausted → URX),
    /// then the cluster's retry limit (refused → UO, the outcome is returned as is).
    /// </summary>
    private static bool ShouldRetry(RetryPolicy policy, ResilienceContext context, Outcome<HttpResponseMessage> outcome, int attemptNumber)
    {
        var state = RoutePipeline.GetState(context);

        // The slot of the retry that produced this outcome is given back now, as Envoy's resetRetry().
        state.ReleaseRetry();
        if (context.CancellationToken.IsCancellationRequested || state.IsLocalReply)
        {
            return false;
        }

        var retriable = outcome.Exception is { } exception
            ? policy.ShouldRetry(UpstreamFailureClassifier.Classify(exception, context.CancellationToken))
            : outcome.Result is { } response && policy.ShouldRetry(response);
        if (!retriable || state.RetriesDisabled)
        {
            return false;
        }

        if (attemptNumber >= policy.MaxRetries)
        {
            state.AddFlags(ResponseFlags.UpstreamRetryLimitExceeded);
            return false;
        }

        if (!state.TryAcquireRetry())
        {
            state.AddFlags(ResponseFlags.UpstreamOverflow);
            return false;
        }

        return true;
    }
}
