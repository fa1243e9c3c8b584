using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace MeshLib.Sidecar.Forwarding;

/// <summary>
/// The outbound listener's only handler. The destination is the service the caller named: the absolute URL of a
/// proxy-form request (<c>HTTP_PROXY</c>, <c>curl -x</c>), else the <c>Host</c> of an origin-form one. YARP carries the
/// request there through <see cref="MeshForwardingHandler"/>, so routing, faults, timeouts, retries, circuit breakers,
/// load balancing and outlier detection are the library's, exactly as in-process.
/// </summary>
internal sealed class OutboundForwarder(IHttpForwarder forwarder, MeshForwardingHandler handler, int listenerPort, ILogger<OutboundForwarder> logger)
    : IDisposable
{
    // The mesh decides every timeout (route timeout, per-try timeout, x-envoy-upstream-rq-timeout-ms); YARP's own idle
    // timeout is off. Upstream, HTTP/1.1 as Envoy speaks to an HTTP port, except gRPC, which only works over HTTP/2
    // (h2c with prior knowledge, as Envoy speaks to a grpc port); a DestinationRule's h2UpgradePolicy may still upgrade.
    private static readonly ForwarderRequestConfig Http11 = new()
    {
        ActivityTimeout = Timeout.InfiniteTimeSpan,
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    private static readonly ForwarderRequestConfig Grpc = new()
    {
        ActivityTimeout = Timeout.InfiniteTimeSpan,
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    private static readonly byte[] MissingHostBody = Encoding.UTF8.GetBytes("the request names no host: send an absolute URL (HTTP_PROXY) or a Host header");

    private static readonly byte[] LoopBody = Encoding.UTF8.GetBytes(
        "the request names the sidecar's own outbound listener: send it through the proxy (curl -x) or with Host set to the service");

    private static readonly byte[] ConnectBody = Encoding.UTF8.GetBytes(
        "CONNECT tunnels (https:// URLs through the proxy) are not supported yet: send plain http:// requests to mesh services");

    private readonly HttpMessageInvoker _mesh = new(handler, disposeHandler: true);

    public void Dispose() => _mesh.Dispose();

    public async Task HandleAsync(HttpContext context)
    {
        if (HttpMethods.IsConnect(context.Request.Method))
        {
            await ReplyAsync(context, StatusCodes.Status501NotImplemented, ConnectBody);
            return;
        }

        var destination = Destination(context);
        if (destination is null)
        {
            await ReplyAsync(context, StatusCodes.Status400BadRequest, MissingHostBody);
            return;
        }

        if (IsThisListener(context.Request.Host))
        {
            await ReplyAsync(context, StatusCodes.Status400BadRequest, LoopBody);
            return;
        }

        var error = await forwarder.SendAsync(context, destination, _mesh, RequestConfig(context.Request), OutboundTransformer.Instance);
        LogError(logger, context, destination, error);
    }

    /// <summary>How YARP speaks upstream for <paramref name="request"/> (shared with the gateway listeners).</summary>
    internal static ForwarderRequestConfig RequestConfig(HttpRequest request) => IsGrpc(request) ? Grpc : Http11;

    /// <summary>Logs a forwarding error: a cancelled request at debug level, anything else as a warning.</summary>
    internal static void LogError(ILogger logger, HttpContext context, string destination, ForwarderError error)
    {
        if (error == ForwarderError.None)
        {
            return;
        }

        var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        var problem = exception?.Message ?? string.Empty;
        if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled or ForwarderError.UpgradeRequestCanceled or ForwarderError.UpgradeResponseCanceled)
        {
            SidecarLog.ForwardCanceled(logger, destination, error, problem);
        }
        else
        {
            SidecarLog.ForwardFailed(logger, destination, error, problem);
        }
    }

    /// <summary>
    /// <c>scheme://authority</c> of the service the caller named. Kestrel has already checked that a proxy-form
    /// request's <c>Host</c> matches its URL, so the authority is always the <c>Host</c>.
    /// </summary>
    private static string? Destination(HttpContext context)
    {
        var host = context.Request.Host;
        if (!host.HasValue)
        {
            return null;
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var scheme = target is not null && target.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "https://" : "http://";
        return scheme + host.Value;
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    private bool IsThisListener(HostString host)
    {
        if ((host.Port ?? 80) != listenerPort)
        {
            return false;
        }

        var name = host.Host;
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name, out var address) && (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)));
    }

    private static Task ReplyAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
    }
}
