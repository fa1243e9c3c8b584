using MeshLib.Replies;
using MeshLib.Timeouts;

namespace MeshLib.Retries;

/// <summary>
/// Mutable state of one request while it runs through a <see cref="RoutePipeline"/>: created (or rented) by the caller
/// per request, carried through the Polly <c>ResilienceContext</c> properties, handed to every attempt, and read
/// afterwards for access logs and metrics. Not thread-safe: attempts of one request never overlap.
/// </summary>
internal sealed class RequestAttemptState
{
    // One spare instance per thread: a request rents it and gives it back when it ends, whichever thread that is on.
    [ThreadStatic]
    private static RequestAttemptState? t_spare;

    // The first two tried endpoints live in fields: most requests make one attempt, and Istio's default allows two retries.
    private string? _tried0;
    private string? _tried1;
    private List<string>? _triedMore;
    private int _triedCount;
    private TimeProvider _timeProvider = TimeProvider.System;
    private long _globalStart;
    private bool _globalStarted;
    private bool _holdsRetry;
    private string? _firstAttemptText;

    /// <summary>The number of the current (or last) attempt, 1-based: the value of <c>x-envoy-attempt-count</c>.</summary>
    public int AttemptCount { get; internal set; }

    /// <summary>Whether the current (or last) attempt is a retry.</summary>
    public bool IsRetry => AttemptCount > 1;

    /// <summary>Envoy response flags gathered so far (DI, FI, UT, URX, UF, UO ...).</summary>
    public ResponseFlags Flags { get; private set; }

    /// <summary>Whether the request is gRPC (<c>content-type: application/grpc*</c>): local replies then take the gRPC form.</summary>
    public bool IsGrpc { get; set; }

    /// <summary>Set when the request body cannot be replayed (see <see cref="RequestBodyBuffer"/>): no retries for this request.</summary>
    public bool RetriesDisabled { get; set; }

    /// <summary>Timeouts the caller asked for with <c>x-envoy-upstream-rq-*</c> headers (see <see cref="TimeoutHeaders.ReadAndStrip"/>).</summary>
    public TimeoutOverrides TimeoutOverrides { get; set; }

    /// <summary>The timeouts in force, resolved when the pipeline starts.</summary>
    public RequestTimeouts Timeouts { get; internal set; }

    /// <summary>
    /// Asks the destination cluster for a retry slot (Envoy <c>max_retries</c> / retry budget); null means unlimited.
    /// Set per request because the cluster is known only after the weighted pick.
    /// </summary>
    public Func<bool>? TryEnterRetry { get; set; }

    /// <summary>Gives back a slot taken by <see cref="TryEnterRetry"/>; called once per granted retry.</summary>
    public Action? ExitRetry { get; set; }

    /// <summary>Whether the attempt returned a local reply that must not be retried (overflow, no healthy upstream).</summary>
    public bool IsLocalReply { get; private set; }

    /// <summary>
    /// A cleared state, reused where possible. Give it back with <see cref="Return"/> once nothing reads it any more
    /// (the pipeline has returned and no telemetry recorder holds it).
    /// </summary>
    /// <returns>The state.</returns>
    public static RequestAttemptState Rent()
    {
        var spare = t_spare;
        if (spare is null)
        {
            return new RequestAttemptState();
        }

        t_spare = null;
        return spare;
    }

    /// <summary>Clears <paramref name="state"/> and keeps it for the next <see cref="Rent"/>.</summary>
    /// <param name="state">A state no one references any more.</param>
    public static void Return(RequestAttemptState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Reset();
        t_spare = state;
    }

    /// <summary>How many endpoints have been attempted.</summary>
    public int TriedCount => _triedCount;

    /// <summary>Endpoint keys already attempted, in order (a new list per call: for diagnostics and tests).</summary>
    public IReadOnlyList<string> TriedEndpoints
    {
        get
        {
            var list = new List<string>(_triedCount);
            for (var i = 0; i < _triedCount; i++)
            {
                list.Add(i switch { 0 => _tried0!, 1 => _tried1!, _ => _triedMore![i - 2] });
            }

            return list;
        }
    }

    /// <summary>Records the endpoint the current attempt goes to.</summary>
    /// <param name="endpointKey">The endpoint key (e.g. <c>10.0.0.1:8080</c>).</param>
    public void AddTriedEndpoint(string endpointKey)
    {
        ArgumentNullException.ThrowIfNull(endpointKey);
        switch (_triedCount)
        {
            case 0:
                _tried0 = endpointKey;
                break;
            case 1:
                _tried1 = endpointKey;
                break;
            default:
                (_triedMore ??= []).Add(endpointKey);
                break;
        }

        _triedCount++;
    }

    /// <summary>Whether <paramref name="endpointKey"/> was already attempted, so that a retry can prefer other hosts.</summary>
    /// <param name="endpointKey">The endpoint key.</param>
    /// <returns><see langword="true"/> when it was.</returns>
    public bool WasTried(string endpointKey) =>
        (_triedCount > 0 && string.Equals(_tried0, endpointKey, StringComparison.Ordinal))
        || (_triedCount > 1 && string.Equals(_tried1, endpointKey, StringComparison.Ordinal))
        || (_triedMore is not null && _triedMore.Contains(endpointKey));

    /// <summary>
    /// Marks the attempt's response as a local reply (e.g. 503 overflow with flag UO, or <c>no healthy upstream</c>
    /// with UH): it ends the request without retries, as Envoy never retries them.
    /// </summary>
    /// <param name="flag">The response flag of the reply.</param>
    public void CompleteWithLocalReply(ResponseFlags flag)
    {
        Flags |= flag;
        IsLocalReply = true;
    }

    /// <summary>Adds response flags.</summary>
    /// <param name="flags">The flags.</param>
    public void AddFlags(ResponseFlags flags) => Flags |= flags;

    /// <summary>
    /// The value for <c>x-envoy-expected-rq-timeout-ms</c> on the current attempt: the per-try timeout, else the
    /// route timeout, capped (on retries) by the route time left; null when no timeout is in force (send no header).
    /// </summary>
    /// <returns>Milliseconds, or null.</returns>
    public long? ExpectedTimeoutMilliseconds()
    {
        // Envoy sets the header for the first attempt when the request is routed (elapsed 0), before any wait for a
        // connection; retries are capped by the route time left then. So only a retry reads the clock.
        var elapsed = _globalStarted && AttemptCount > 1 ? _timeProvider.GetElapsedTime(_globalStart) : TimeSpan.Zero;
        return ExpectedRequestTimeout.Milliseconds(Timeouts, elapsed);
    }

    /// <summary>The text of <see cref="ExpectedTimeoutMilliseconds"/> for the header; null when no timeout is in force.</summary>
    /// <returns>The header value, or null.</returns>
    public string? ExpectedTimeoutText()
    {
        if (AttemptCount <= 1 && _firstAttemptText is { } text)
        {
            return text;
        }

        return ExpectedTimeoutMilliseconds() is { } milliseconds ? ExpectedRequestTimeout.Text(milliseconds) : null;
    }

    /// <summary>Prepares the state for a run of the pipeline.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="timeouts">The request's timeouts.</param>
    /// <param name="firstAttemptText">The first attempt's expected-timeout text when known in advance (a route's constant).</param>
    internal void Begin(TimeProvider timeProvider, RequestTimeouts timeouts, string? firstAttemptText = null)
    {
        _timeProvider = timeProvider;
        Timeouts = timeouts;
        _firstAttemptText = firstAttemptText;
    }

    /// <summary>
    /// The first attempt's outcome, when it ran before the Polly pipeline: the pipeline's first execution returns it
    /// instead of sending again (see <see cref="RoutePipeline"/>).
    /// </summary>
    internal Polly.Outcome<HttpResponseMessage>? Replay { get; set; }

    /// <summary>Notes when the route timeout starts (after any fault delay), for the expected-timeout header; only the first call counts.</summary>
    internal void StartGlobalTimer()
    {
        if (_globalStarted)
        {
            return;
        }

        _globalStart = _timeProvider.GetTimestamp();
        _globalStarted = true;
    }

    /// <summary>What is left of the route timeout since <see cref="StartGlobalTimer"/>; infinite when there is none.</summary>
    internal TimeSpan GlobalTimeLeft()
    {
        if (Timeouts.Global is not { } global)
        {
            return Timeout.InfiniteTimeSpan;
        }

        return _globalStarted ? global - _timeProvider.GetElapsedTime(_globalStart) : global;
    }

    // Every field back to its initial value, for Return.
    private void Reset()
    {
        _tried0 = null;
        _tried1 = null;
        _triedMore = null;
        _triedCount = 0;
        _timeProvider = TimeProvider.System;
        _globalStart = 0;
        _globalStarted = false;
        _holdsRetry = false;
        _firstAttemptText = null;
        AttemptCount = 0;
        Flags = ResponseFlags.None;
        IsGrpc = false;
        RetriesDisabled = false;
        TimeoutOverrides = default;
        Timeouts = default;
        TryEnterRetry = null;
        ExitRetry = null;
        IsLocalReply = false;
        Replay = null;
    }

    /// <summary>Takes a retry slot from the cluster, if a limit is set.</summary>
    internal bool TryAcquireRetry()
    {
        if (TryEnterRetry is { } enter && !enter())
        {
            return false;
        }

        _holdsRetry = TryEnterRetry is not null;
        return true;
    }

    /// <summary>Gives back the retry slot, if one is held: once the retried attempt has an outcome, or the request ends.</summary>
    internal void ReleaseRetry()
    {
        if (_holdsRetry)
        {
            _holdsRetry = false;
            ExitRetry?.Invoke();
        }
    }
}
