using System.Net;

namespace MeshLib.Benchmarks.Support;

/// <summary>
/// The terminal handler every client variant ends in: answers a canned 200 with no body, without sockets. The answer
/// carries a <c>Date</c> header, as every real one does (an origin server with a clock must send it, RFC 9110 §6.6.1):
/// a handler that reads response headers then pays what it would pay against a real upstream, not the cost of
/// creating a header collection a real response always has.
/// With <c>holdable</c>, a request whose path is <see cref="HoldPath"/> stays in flight until <see cref="ReleaseHeld"/>,
/// which lets a benchmark keep one connection-pool slot busy. With <c>asynchronous</c>, every answer comes after a
/// yield to the thread pool, as a real upstream's does, so every handler above completes asynchronously too. It owns
/// nothing, so it can be shared by several clients and cluster transports, and disposal by any of them is harmless.
/// </summary>
public sealed class InMemoryHandler(bool holdable = false, bool asynchronous = false) : HttpMessageHandler
{
    /// <summary>The path of a request that stays in flight until released.</summary>
    public const string HoldPath = "/hold";

    private const string Date = "Wed, 02 Dec 2026 12:00:00 GMT";

    private readonly TaskCompletionSource<HttpResponseMessage> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _requests;

    /// <summary>Requests answered (or held) so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>The URI of the last request seen (after any rewrite by the handlers above).</summary>
    public Uri? LastRequestUri { get; private set; }

    /// <summary>Completes every held request with a 200.</summary>
    public void ReleaseHeld() => _held.TrySetResult(new HttpResponseMessage(HttpStatusCode.OK));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (holdable && request.RequestUri?.AbsolutePath == HoldPath)
        {
            Interlocked.Increment(ref _requests);
            return _held.Task;
        }

        return asynchronous ? AnswerLaterAsync(request, cancellationToken) : Task.FromResult(Send(request, cancellationToken));
    }

    private async Task<HttpResponseMessage> AnswerLaterAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return Send(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref _requests);
        LastRequestUri = request.RequestUri;
        var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request };
        response.Headers.TryAddWithoutValidation("Date", Date);
        return response;
    }
}
