using MeshLib.Http;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace MeshLib.Sidecar.Gateways;

/// <summary>
/// What an edge Envoy (Istio's gateway: <c>use_remote_address</c>, no trusted hops) does to a request from outside:
/// every <c>x-envoy-*</c> header is dropped (an outside caller controls no timeout, retry or fault); the client's
/// address is appended to <c>x-forwarded-for</c> and given as <c>x-envoy-external-address</c>;
/// <c>x-forwarded-proto</c> says whether the connection was TLS; the <c>Host</c> stays as sent.
/// </summary>
internal sealed class GatewayTransformer(string routeName, bool tls) : HttpTransformer
{
    private const string EnvoyPrefix = "x-envoy-";

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.Headers.Host = httpContext.Request.Host.Value;

        List<string>? envoy = null;
        foreach (var header in proxyRequest.Headers.NonValidated)
        {
            if (header.Key.StartsWith(EnvoyPrefix, StringComparison.OrdinalIgnoreCase))
            {
                (envoy ??= []).Add(header.Key);
            }
        }

        foreach (var name in envoy ?? [])
        {
            proxyRequest.Headers.Remove(name);
        }

        var client = httpContext.Connection.RemoteIpAddress;
        if (client is not null)
        {
            var address = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
            var text = address.ToString();
            var forwardedFor = proxyRequest.Headers.NonValidated.TryGetValues("x-forwarded-for", out var values) ? string.Join(", ", values) : null;
            proxyRequest.Headers.Remove("x-forwarded-for");
            proxyRequest.Headers.TryAddWithoutValidation("x-forwarded-for", string.IsNullOrEmpty(forwardedFor) ? text : $"{forwardedFor}, {text}");
            proxyRequest.Headers.TryAddWithoutValidation("x-envoy-external-address", text);
            proxyRequest.Options.Set(MeshRequestOptions.SourceAddress, address);
        }

        proxyRequest.Headers.Remove("x-forwarded-proto");
        proxyRequest.Headers.TryAddWithoutValidation("x-forwarded-proto", tls ? "https" : "http");
        proxyRequest.Options.Set(GatewayForwardingHandler.RouteName, routeName);
    }
}
