using System.Net;
using MeshLib.Replies;
using MeshLib.Retries;

namespace MeshLib.Tests.Retries;

/// <summary>A fake upstream: each attempt takes the next scripted step (a canned response, a canned exception, a hang or a late response).</summary>
internal sealed class ScriptedUpstream(TimeProvider time)
{
    private readonly Queue<Func<RequestAttemptState, CancellationToken, Task<HttpResponseMessage>>> _steps = new();
    private readonly List<AttemptRecord> _attempts = [];
    private readonly Lock _lock = new();

    public static UpstreamAttempt<ScriptedUpstream> Send { get; } = static (attempt, upstream, ct) => upstream.SendAsync(attempt, ct);

    public IReadOnlyList<AttemptRecord> Attempts
    {
        get
        {
            lock (_lock)
            {
                return [.. _attempts];
            }
        }
    }

    public int AttemptCount
    {
        get
        {
            lock (_lock)
            {
                return _attempts.Count;
            }
        }
    }

    public ScriptedUpstream Respond(HttpStatusCode status, Action<HttpResponseMessage>? configure = null) => Step((_, _) =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("upstream") };
        configure?.Invoke(response);
        return Task.FromResult(response);
    });

    public ScriptedUpstream Throw(Exception exception) => Step((_, _) => Task.FromException<HttpResponseMessage>(exception));

    public ScriptedUpstream Hang() => Step(async (_, ct) =>
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        throw new InvalidOperationException("unreachable");
    });

    public ScriptedUpstream RespondAfter(TimeSpan delay, HttpStatusCode status) => Step(async (_, ct) =>
    {
        await Task.Delay(delay, time, ct);
        return new HttpResponseMessage(status);
    });

    public ScriptedUpstream LocalReply(HttpStatusCode status, ResponseFlags flag) => Step((attempt, _) =>
    {
        attempt.CompleteWithLocalReply(flag);
        return Task.FromResult(new HttpResponseMessage(status));
    });

    public Task WaitForAttemptsAsync(int count) => Eventually.TrueAsync(() => AttemptCount >= count);

    private ScriptedUpstream Step(Func<RequestAttemptState, CancellationToken, Task<HttpResponseMessage>> step)
    {
        _steps.Enqueue(step);
        return this;
    }

    private ValueTask<HttpResponseMessage> SendAsync(RequestAttemptState attempt, CancellationToken ct)
    {
        var record = new AttemptRecord(attempt.AttemptCount, time.GetUtcNow(), attempt.ExpectedTimeoutMilliseconds(), attempt.IsRetry, [.. attempt.TriedEndpoints]);
        attempt.AddTriedEndpoint($"10.0.0.{record.AttemptCount}:8080");
        Func<RequestAttemptState, CancellationToken, Task<HttpResponseMessage>> step;
        lock (_lock)
        {
            step = _steps.Count > 0 ? _steps.Dequeue() : (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }

        // The step runs (arming any timer) before the attempt is recorded, so a test that sees the attempt can advance the clock.
        var task = step(attempt, ct);
        lock (_lock)
        {
            _attempts.Add(record);
        }

        return new ValueTask<HttpResponseMessage>(task);
    }
}
