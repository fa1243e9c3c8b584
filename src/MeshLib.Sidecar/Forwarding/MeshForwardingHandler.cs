using MeshLib.ConnectionPool;
using MeshLib.Http;
using MeshLib.Replies;

namespace MeshLib.Sidecar.Forwarding;

/// <summary>
/// The handler YARP sends through: every request goes to the mesh router, the same one in-process clients use.
/// A host the mesh does not know (ALLOW_ANY) goes to its original URL through a plain connection pool.
/// </summary>
internal sealed class MeshForwardingHandler : HttpMessageHandler
{
    private readonly MeshRouter _router;
    private readonly HttpMessageInvoker _passthrough;
    private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> _sendPassthrough;

    public MeshForwardingHandler(MeshRouter router, HttpMessageHandler passthrough)
    {
        _router = router;
        _passthrough = new HttpMessageInvoker(passthrough, disposeHandler: true);
        _sendPassthrough = SendPassthroughAsync;
    }

    /// <summary>The connection pool for hosts outside the mesh: the caller's URL as it is, never through a proxy.</summary>
    /// <returns>A new handler.</returns>
    public static SocketsHttpHandler CreatePassthroughHandler() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = ConnectionPoolPolicy.Default.ConnectTimeout,
        ActivityHeadersPropagator = null,
    };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _router.SendAsync(request, _sendPassthrough, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _passthrough.Dispose();
        }

        base.Dispose(disposing);
    }

    // Istio's PassthroughCluster: a failed connection is Envoy's 503 local reply, not an exception.
    private async Task<HttpResponseMessage> SendPassthroughAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _passthrough.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException
            && UpstreamFailureClassifier.Classify(exception, cancellationToken) is var failure and not UpstreamFailure.CallerCancelled)
        {
            var reply = LocalReplies.ForFailure(failure);
            reply.RequestMessage = request;
            return reply;
        }
    }
}
