using System.Globalization;
using System.Runtime.CompilerServices;
using MeshLib.Faults;
using MeshLib.Replies;
using MeshLib.Timeouts;
using Polly;
using Polly.Timeout;

namespace MeshLib.Retries;

/// <summary>
/// The resilience of one route, built once by <see cref="RoutePipelineFactory"/>: fault delay → fault abort →
/// route timeout → retry → per-try timeout → the caller's attempt. Every failure ends as an Envoy reply
/// (504 <c>upstream request timeout</c>, 503/502 <c>upstream connect error ...</c>); only the caller's own
/// cancellation escapes, as <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class RoutePipeline
{
    private static readonly ResiliencePropertyKey<RequestAttemptState> StateKey = new("MeshLib.RequestAttemptState");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ResiliencePipeline<HttpResponseMessage> _overridePipeline;
    private readonly TimeProvider _timeProvider;
    private readonly string? _firstAttemptText;

    internal RoutePipeline(
        ResiliencePipeline<HttpResponseMessage> pipeline,
        ResiliencePipeline<HttpResponseMessage> overridePipeline,
        RouteStrategies strategies,
        FaultPolicy? fault,
        TimeSpan? routeTimeout,
        RetryPolicy retryPolicy,
        TimeProvider timeProvider)
    {
        _pipeline = pipeline;
        _overridePipeline = overridePipeline;
        Strategies = strategies;
        Fault = fault;
        RouteTimeout = routeTimeout;
        RetryPolicy = retryPolicy;
        _timeProvider = timeProvider;

        // Without timeout headers every first attempt sends the same x-envoy-expected-rq-timeout-ms.
        _firstAttemptText = ExpectedRequestTimeout.Milliseconds(RequestTimeouts.Resolve(routeTimeout, retryPolicy.PerTryTimeout, default), TimeSpan.Zero) is { } milliseconds
            ? milliseconds.ToString(CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>The strategies of the pipeline used when the caller sends no timeout headers.</summary>
    public RouteStrategies Strategies { get; }

    /// <summary>Whether requests without timeout headers skip Polly entirely.</summary>
    public bool IsDirect => Strategies == RouteStrategies.None;

    /// <summary>The route's fault injection, or null.</summary>
    public FaultPolicy? Fault { get; }

    /// <summary>The route timeout, or null for none.</summary>
    public TimeSpan? RouteTimeout { get; }

    /// <summary>The route's retry policy.</summary>
    public RetryPolicy RetryPolicy { get; }

    /// <summary>Whether a request may be retried, i.e. whether its body should be made replayable first.</summary>
    public bool CanRetry => RetryPolicy.IsEnabled;

    /// <summary>
    /// Runs a request through the route's resilience; await the result once (its state machine is pooled). Without
    /// fault injection the first attempt runs outside Polly (see <see cref="TryStartFirstAttempt"/>); only an outcome
    /// that would be retried enters the Polly pipeline, which replays it to its retry strategy and takes over from
    /// there with the route time left.
    /// </summary>
    /// <typeparam name="TState">The handler's per-request state.</typeparam>
    /// <param name="attempt">The request's attempt state (set <see cref="RequestAttemptState.TimeoutOverrides"/>, <see cref="RequestAttemptState.IsGrpc"/> and the retry hooks first).</param>
    /// <param name="state">Passed to <paramref name="send"/>.</param>
    /// <param name="send">One upstream attempt; a static lambda avoids a closure per request.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The upstream response, the fault abort, or Envoy's timeout/failure reply.</returns>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<HttpResponseMessage> ExecuteAsync<TState>(
        RequestAttemptState attempt,
        TState state,
        UpstreamAttempt<TState> send,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        if (!TryStartFirstAttempt(attempt, cancellationToken, out var first))
        {
            return await RunPipelineAsync(attempt, state, send, cancellationToken).ConfigureAwait(false);
        }

        Outcome<HttpResponseMessage> outcome;
        try
        {
            outcome = Outcome.FromResult(await send(attempt, state, first.Token).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // Every failure becomes an outcome for the retry decision.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            outcome = Outcome.FromException<HttpResponseMessage>(exception);
        }

        return await CompleteFirstAttemptAsync(first, outcome, attempt, state, send, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the first attempt of a request outside Polly, for a caller that runs it in its own frame (a request then
    /// suspends in one frame fewer) and hands its outcome to <see cref="CompleteFirstAttemptAsync"/>. It runs under one
    /// timer: the per-try timeout, else the route timeout (the one that can fire first; see
    /// <see cref="RequestTimeouts.Resolve"/>), linked to the caller's token. Most requests succeed on the first attempt,
    /// and then arm one timer instead of two and skip the pipeline's machinery. Returns false when the route injects
    /// faults: they come before the first attempt, so the whole request goes through <see cref="ExecuteAsync"/>'s pipeline.
    /// </summary>
    /// <param name="attempt">The request's attempt state (set <see cref="RequestAttemptState.TimeoutOverrides"/> first).</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <param name="first">The started attempt: run it with <see cref="FirstAttempt.Token"/>.</param>
    /// <returns>Whether the first attempt runs outside Polly.</returns>
    public bool TryStartFirstAttempt(RequestAttemptState attempt, CancellationToken cancellationToken, out FirstAttempt first)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var overrides = attempt.TimeoutOverrides;
        attempt.Begin(_timeProvider, RequestTimeouts.Resolve(RouteTimeout, RetryPolicy.PerTryTimeout, overrides), overrides.Any ? null : _firstAttemptText);
        if ((Strategies & (RouteStrategies.FaultDelay | RouteStrategies.FaultAbort)) != 0)
        {
            first = default;
            return false;
        }

        attempt.AttemptCount = 1;
        if (IsDirect && !overrides.Any)
        {
            first = new FirstAttempt(null, default, null, cancellationToken);
            return true;
        }

        var timeouts = attempt.Timeouts;
        if (timeouts.Global is not null)
        {
            attempt.StartGlobalTimer();
        }

        var timeout = timeouts.PerTry ?? timeouts.Global;
        var timer = timeout is { } delay ? AttemptTimer.Start(_timeProvider, delay) : null;
        var link = timer is not null && cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timer)
            : default;
        first = new FirstAttempt(timer, link, timeout, timer?.Token ?? cancellationToken);
        return true;
    }

    /// <summary>
    /// Ends the first attempt started by <see cref="TryStartFirstAttempt"/>: stops its timer, and answers its response,
    /// Envoy's reply for its failure, or — when the retry policy retries its outcome — the rest of the request through
    /// the Polly pipeline, which replays the outcome to its retry strategy. Completes at once unless it retries.
    /// </summary>
    /// <typeparam name="TState">The handler's per-request state.</typeparam>
    /// <param name="first">The started attempt.</param>
    /// <param name="outcome">What the attempt returned or threw.</param>
    /// <param name="attempt">The request's attempt state.</param>
    /// <param name="state">Passed to <paramref name="send"/> for the retries.</param>
    /// <param name="send">One upstream attempt.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The response or reply; await it once.</returns>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public ValueTask<HttpResponseMessage> CompleteFirstAttemptAsync<TState>(
        in FirstAttempt first,
        Outcome<HttpResponseMessage> outcome,
        RequestAttemptState attempt,
        TState state,
        UpstreamAttempt<TState> send,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (first.Timer is { } timer)
        {
            var timedOut = timer.IsCancellationRequested;

            // Unlinking waits for the link's callback when it runs on another thread (it cancels the timer): that wait
            // is awaited, never blocked on.
            var unlinking = first.Link.DisposeAsync();
            if (!unlinking.IsCompletedSuccessfully)
            {
                return StopTimerAfterAsync(unlinking, timer, timedOut, first.Timeout, outcome, attempt, state, send, cancellationToken);
            }

            outcome = StopTimer(timer, timedOut, first.Timeout, outcome, cancellationToken);
        }

        return Decide(outcome, attempt, state, send, cancellationToken);
    }

    /// <summary>The attempt's timer is no longer needed: keep it for reuse, and name a cancellation by it a timeout.</summary>
    private Outcome<HttpResponseMessage> StopTimer(CancellationTokenSource timer, bool timedOut, TimeSpan? timeout, Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
    {
        AttemptTimer.Stop(_timeProvider, timer);
        if (timedOut && outcome.Exception is OperationCanceledException cancelled && !cancellationToken.IsCancellationRequested)
        {
            return Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException(
                $"The operation didn't complete within the allowed timeout of '{timeout}'.", timeout!.Value, cancelled));
        }

        return outcome;
    }

    private async ValueTask<HttpResponseMessage> StopTimerAfterAsync<TState>(
        ValueTask unlinking,
        CancellationTokenSource timer,
        bool timedOut,
        TimeSpan? timeout,
        Outcome<HttpResponseMessage> outcome,
        RequestAttemptState attempt,
        TState state,
        UpstreamAttempt<TState> send,
        CancellationToken cancellationToken)
    {
        await unlinking.ConfigureAwait(false);
        outcome = StopTimer(timer, timedOut, timeout, outcome, cancellationToken);
        return await Decide(outcome, attempt, state, send, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first attempt's response, Envoy's reply for its failure, or the retries through the Polly pipeline.</summary>
    private ValueTask<HttpResponseMessage> Decide<TState>(
        Outcome<HttpResponseMessage> outcome,
        RequestAttemptState attempt,
        TState state,
        UpstreamAttempt<TState> send,
        CancellationToken cancellationToken)
    {
        if (outcome.Exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            outcome.ThrowIfException();
        }

        if (!WouldRetry(attempt, outcome, cancellationToken))
        {
            return new ValueTask<HttpResponseMessage>(outcome.Exception is { } exception ? FailureReply(exception, attempt, cancellationToken) : outcome.Result!);
        }

        if (attempt.GlobalTimeLeft() is var left && left != Timeout.InfiniteTimeSpan && left <= TimeSpan.Zero)
        {
            // The route timeout ran out as the first attempt ended (its transport answered after the timer fired):
            // no retry can start, and the pipeline's route timeout would answer this same 504.
            outcome.Result?.Dispose();
            return new ValueTask<HttpResponseMessage>(FailureReply(new TimeoutRejectedException(), attempt, cancellationToken));
        }

        attempt.Replay = outcome;
        return RunPipelineAsync(attempt, state, send, cancellationToken);
    }

    /// <summary>The attempt state of the request a Polly callback runs for.</summary>
    /// <param name="context">The Polly context.</param>
    /// <returns>The state.</returns>
    internal static RequestAttemptState GetState(ResilienceContext context) =>
        context.Properties.TryGetValue(StateKey, out var state)
            ? state
            : throw new InvalidOperationException("The resilience context carries no request attempt state.");

    private static async ValueTask<Outcome<HttpResponseMessage>> RunAttemptAsync<TState>(
        ResilienceContext context,
        (RequestAttemptState Attempt, TState State, UpstreamAttempt<TState> Send) s)
    {
        // The first attempt already ran (see ExecuteAsync): its outcome goes to the retry strategy as if it ran here.
        if (s.Attempt.Replay is { } replay)
        {
            s.Attempt.Replay = null;
            return replay;
        }

        s.Attempt.AttemptCount++;
        try
        {
            return Outcome.FromResult(await s.Send(s.Attempt, s.State, context.CancellationToken).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // Every failure becomes an outcome for the retry decision, as Polly itself does.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return Outcome.FromException<HttpResponseMessage>(exception);
        }
    }

    private async ValueTask<HttpResponseMessage> RunPipelineAsync<TState>(
        RequestAttemptState attempt,
        TState state,
        UpstreamAttempt<TState> send,
        CancellationToken cancellationToken)
    {
        var pipeline = attempt.TimeoutOverrides.Any ? _overridePipeline : _pipeline;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StateKey, attempt);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static (ctx, s) => RunAttemptAsync(ctx, s),
                context,
                (attempt, state, send)).ConfigureAwait(false);
            if (outcome.Exception is null)
            {
                return outcome.Result!;
            }

            if (outcome.Exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                outcome.ThrowIfException();
            }

            return FailureReply(outcome.Exception, attempt, cancellationToken);
        }
        finally
        {
            attempt.ReleaseRetry();
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Whether the retry strategy would retry the first attempt's outcome: the side-effect-free part of
    /// <see cref="RoutePipelineFactory"/>'s decision (the cluster's retry limit is asked by the strategy itself).
    /// A route timeout is final.
    /// </summary>
    private bool WouldRetry(RequestAttemptState attempt, Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
    {
        if (!RetryPolicy.IsEnabled || cancellationToken.IsCancellationRequested || attempt.IsLocalReply || attempt.RetriesDisabled)
        {
            return false;
        }

        if (outcome.Exception is TimeoutRejectedException && attempt.Timeouts.PerTry is null)
        {
            return false;
        }

        return outcome.Exception is { } exception
            ? RetryPolicy.ShouldRetry(UpstreamFailureClassifier.Classify(exception, cancellationToken))
            : outcome.Result is { } response && RetryPolicy.ShouldRetry(response);
    }

    private static HttpResponseMessage FailureReply(Exception exception, RequestAttemptState attempt, CancellationToken cancellationToken)
    {
        // Route and per-try timeouts both end as 504 UT; the route timeout reaches here as TimeoutRejectedException too.
        if (exception is TimeoutRejectedException)
        {
            attempt.AddFlags(ResponseFlags.UpstreamRequestTimeout);
            return LocalReplies.RequestTimeout(attempt.IsGrpc);
        }

        var failure = UpstreamFailureClassifier.Classify(exception, cancellationToken);
        attempt.AddFlags(LocalReplies.FlagFor(failure));
        return LocalReplies.ForFailure(failure, attempt.IsRetry, attempt.IsGrpc, TransportFailureReason.Of(exception));
    }

    /// <summary>A first attempt started outside Polly: its timer, if any, and the token to run it with.</summary>
    /// <param name="Timer">The attempt's timer, null without a timeout.</param>
    /// <param name="Link">The caller's token's registration that cancels the timer.</param>
    /// <param name="Timeout">The timer's timeout.</param>
    /// <param name="Token">The token the attempt runs with: the timer's, else the caller's.</param>
    public readonly record struct FirstAttempt(CancellationTokenSource? Timer, CancellationTokenRegistration Link, TimeSpan? Timeout, CancellationToken Token);
}
