namespace MeshLib.Retries;

/// <summary>
/// One upstream attempt, supplied by the HTTP handler: pick an endpoint (preferring ones not in
/// <see cref="RequestAttemptState.TriedEndpoints"/>), set <c>x-envoy-attempt-count</c> from
/// <see cref="RequestAttemptState.AttemptCount"/> and <c>x-envoy-expected-rq-timeout-ms</c> from
/// <see cref="RequestAttemptState.ExpectedTimeoutText"/>, then send. Failures may be thrown as the
/// inner handler throws them; they are classified, retried and turned into Envoy's replies by the pipeline.
/// </summary>
/// <typeparam name="TState">The handler's own per-request state, passed through without a closure.</typeparam>
/// <param name="attempt">The request's attempt state.</param>
/// <param name="state">The handler's state.</param>
/// <param name="cancellationToken">Cancelled by the caller, the route timeout or the per-try timeout; pass it to SendAsync.</param>
/// <returns>The upstream response.</returns>
internal delegate ValueTask<HttpResponseMessage> UpstreamAttempt<TState>(
    RequestAttemptState attempt,
    TState state,
    CancellationToken cancellationToken);
