using MeshLib.FunctionalTests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>Plain HTTP gateway listeners, driven by curl and python3: routing, server hosts, edge headers, CORS, httpsRedirect.</summary>
[Collection(GatewaySidecarGroup.Name)]
public sealed class GatewayRoutingTests(GatewayMesh mesh)
{
    [Fact]
    public async Task CorpusBookinfoGateway_RoutesByPath_KeepsHost_SetsForwardedHeaders()
    {
        var response = await HttpTools.CurlAsync("-H", "Host: bookinfo.example.com", "-H", "x-forwarded-for: 203.0.113.9",
            $"http://127.0.0.1:{GatewayMesh.Text(mesh.BookinfoPort)}/productpage?u=1");

        Assert.Equal(200, response.Status);
        var answer = BackendAnswer.Parse(response.Body);
        Assert.Equal("productpage", answer.Backend);
        Assert.Equal("/productpage?u=1", answer.Path);
        Assert.Equal("bookinfo.example.com", answer.Headers["host"]);
        Assert.Equal("203.0.113.9, 127.0.0.1", answer.Headers["x-forwarded-for"]);
        Assert.Equal("http", answer.Headers["x-forwarded-proto"]);
        Assert.Equal("127.0.0.1", answer.Headers["x-envoy-external-address"]);
        Assert.Equal("1", answer.Headers["x-envoy-attempt-count"]);

        var api = await HttpTools.CurlAsync($"http://127.0.0.1:{GatewayMesh.Text(mesh.BookinfoPort)}/api/v1/products/1");
        Assert.Equal("productpage", BackendAnswer.Parse(api.Body).Backend);

        // No route of the bound VirtualService matches: Envoy's 404, nothing reaches a backend.
        var other = await HttpTools.CurlAsync($"http://127.0.0.1:{GatewayMesh.Text(mesh.BookinfoPort)}/admin");
        Assert.Equal(404, other.Status);
        Assert.Empty(other.Body);
        Assert.DoesNotContain(mesh.Productpage.Received, r => r.PathAndQuery == "/admin");
    }

    [Fact]
    public async Task PythonUrllib_ReachesTheCorpusGatewayByName()
    {
        var port = GatewayMesh.Text(mesh.BookinfoPort);
        var response = await GatewayClients.PythonAsync($"http://bookinfo.example.com:{port}/login", authorityPath: null, "x-client: python");

        Assert.Equal(200, response.Status);
        var answer = BackendAnswer.Parse(response.Body);
        Assert.Equal("productpage", answer.Backend);
        Assert.Equal($"bookinfo.example.com:{port}", answer.Headers["host"]);
        Assert.Equal("python", answer.Headers["x-client"]);
    }

    [Fact]
    public async Task ServerHosts_AreHonoured_AnotherHostIs404()
    {
        var url = $"http://127.0.0.1:{GatewayMesh.Text(mesh.ShopPort)}/basket";
        var shop = await HttpTools.CurlAsync("-H", "Host: shop.example.com", url);
        Assert.Equal(200, shop.Status);
        Assert.Equal("productpage", BackendAnswer.Parse(shop.Body).Backend);

        var other = await HttpTools.CurlAsync("-H", "Host: other.example.com", url + "?other");
        Assert.Equal(404, other.Status);
        Assert.DoesNotContain(mesh.Productpage.Received, r => r.PathAndQuery == "/basket?other");
    }

    [Fact]
    public async Task CleartextHttp2PriorKnowledge_IsServedOnPlainGatewayPorts()
    {
        var response = await HttpTools.CurlAsync("--http2-prior-knowledge", "-H", "Host: shop.example.com", "-o", "/dev/null", "-w", "%{http_version}\n%{http_code}",
            $"http://127.0.0.1:{GatewayMesh.Text(mesh.ShopPort)}/h2c");

        // This -w replaces the helper's: the protocol version, then the status.
        Assert.Equal(200, response.Status);
        Assert.Equal("2", response.Body);
        Assert.Single(mesh.Productpage.Received, r => r.PathAndQuery == "/h2c");
    }

    [Fact]
    public async Task GatewayOnlyVirtualService_IsNotSeenByTheOutboundListener()
    {
        // Through the gateway, the gateway-only VirtualService for reviews sends /edge-only to productpage ...
        var edge = await HttpTools.CurlAsync("-H", "Host: reviews.default.svc.cluster.local", $"http://127.0.0.1:{GatewayMesh.Text(mesh.BookinfoPort)}/edge-only");
        Assert.Equal("productpage", BackendAnswer.Parse(edge.Body).Backend);

        // ... while the mesh keeps the default route of reviews.
        var inside = await HttpTools.CurlViaProxyAsync(mesh.Sidecar.OutboundPort, "http://reviews:9080/edge-only");
        Assert.Equal(200, inside.Status);
        Assert.Equal("reviews", BackendAnswer.Parse(inside.Body).Backend);
    }

    [Fact]
    public async Task EnvoyHeadersFromOutside_HaveNoEffect_AndAreNotForwarded()
    {
        mesh.Reviews.Handler = async context =>
        {
            switch (context.Request.Path.Value)
            {
                case "/api/slow":
                    await Task.Delay(TimeSpan.FromMilliseconds(600), context.RequestAborted);
                    await context.Response.WriteAsync("slow done");
                    return true;
                case "/api/fail":
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return true;
                default:
                    return false;
            }
        };
        try
        {
            string[] envoy = ["-H", "x-envoy-upstream-rq-timeout-ms: 50", "-H", "x-envoy-upstream-rq-per-try-timeout-ms: 50", "-H", "x-envoy-retry-on: 5xx",
                "-H", "x-envoy-max-retries: 3", "-H", "x-envoy-force-trace: true", "-H", "X-Envoy-Custom: 1", "-H", "Host: shop.example.com"];
            var port = GatewayMesh.Text(mesh.ShopPort);

            // The caller's 50 ms timeout is ignored: the route has none, so the 600 ms answer arrives.
            var slow = await HttpTools.CurlAsync([.. envoy, $"http://127.0.0.1:{port}/api/slow"]);
            Assert.Equal(200, slow.Status);
            Assert.Equal("slow done", slow.Body);
            var received = Assert.Single(mesh.Reviews.Received, r => r.PathAndQuery == "/api/slow");
            var forwarded = received.Headers.Keys.Where(k => k.StartsWith("x-envoy-", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
            Assert.Equal(["x-envoy-attempt-count", "x-envoy-external-address"], forwarded);

            // The caller's retry policy is ignored too: one attempt, Istio's default policy does not retry a 503.
            var failed = await HttpTools.CurlAsync([.. envoy, $"http://127.0.0.1:{port}/api/fail"]);
            Assert.Equal(503, failed.Status);
            Assert.Single(mesh.Reviews.Received, r => r.PathAndQuery == "/api/fail");
        }
        finally
        {
            mesh.Reviews.Handler = null;
        }
    }

    [Fact]
    public async Task CorsPreflight_IsAnsweredAtTheGateway_AndResponsesCarryTheOrigin()
    {
        var url = $"http://127.0.0.1:{GatewayMesh.Text(mesh.ShopPort)}/api/items";
        var preflight = await HttpTools.CurlAsync("-D", "-", "-X", "OPTIONS", "-H", "Host: shop.example.com", "-H", "Origin: https://web.example.com",
            "-H", "Access-Control-Request-Method: POST", url);

        Assert.Equal(200, preflight.Status);
        var headers = preflight.Body.ToLowerInvariant();
        Assert.Contains("access-control-allow-origin: https://web.example.com", headers, StringComparison.Ordinal);
        Assert.Contains("access-control-allow-methods: get,post", headers, StringComparison.Ordinal);
        Assert.Contains("access-control-allow-headers: content-type", headers, StringComparison.Ordinal);
        Assert.Contains("access-control-max-age: 3600", headers, StringComparison.Ordinal);
        Assert.DoesNotContain(mesh.Reviews.Received, r => r.Method == "OPTIONS" && r.PathAndQuery == "/api/items");

        var simple = await HttpTools.CurlAsync("-D", "-", "-H", "Host: shop.example.com", "-H", "Origin: https://web.example.com", url);
        Assert.Equal(200, simple.Status);
        Assert.Contains("access-control-allow-origin: https://web.example.com", simple.Body.ToLowerInvariant(), StringComparison.Ordinal);

        // A preflight from an origin the policy does not allow goes upstream, as Envoy's CORS filter lets it.
        var stranger = await HttpTools.CurlAsync("-X", "OPTIONS", "-H", "Host: shop.example.com", "-H", "Origin: https://evil.example.com",
            "-H", "Access-Control-Request-Method: POST", url + "?stranger");
        Assert.Equal(200, stranger.Status);
        Assert.Single(mesh.Reviews.Received, r => r.Method == "OPTIONS" && r.PathAndQuery == "/api/items?stranger");
    }

    [Fact]
    public async Task HttpsRedirect_AnswersPlainHttpWith301ToTheSameHostAndPath()
    {
        var response = await HttpTools.CurlAsync("-D", "-", "-H", "Host: shop.example.com", $"http://127.0.0.1:{GatewayMesh.Text(mesh.RedirectPort)}/cart?id=7");

        Assert.Equal(301, response.Status);
        Assert.Contains("location: https://shop.example.com/cart?id=7", response.Body.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.DoesNotContain(mesh.Productpage.Received, r => r.PathAndQuery == "/cart?id=7");
    }

    [Fact]
    public async Task Admin_IsReady_ConfigDumpShowsTheListeners_AndTheLogListsThem()
    {
        using var ready = await mesh.Sidecar.AdminGetAsync("/ready");
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);

        using var dump = await mesh.Sidecar.AdminJsonAsync("/config_dump");
        var listeners = dump.RootElement.GetProperty("gatewayListeners").EnumerateArray().ToDictionary(l => l.GetProperty("port").GetInt32());
        Assert.Equal(5, listeners.Count);
        var https = listeners[mesh.HttpsPort];
        Assert.True(https.GetProperty("tls").GetBoolean());
        Assert.Equal(["https.{0}.https-shop.shop-gateway.default", "https.{0}.https-api.shop-gateway.default"],
            https.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("route").GetString()!.Replace(GatewayMesh.Text(mesh.HttpsPort), "{0}", StringComparison.Ordinal)));
        var redirect = listeners[mesh.RedirectPort].GetProperty("servers")[0].GetProperty("virtualHosts")[0];
        Assert.Equal("shop.example.com", redirect.GetProperty("host").GetString());
        Assert.True(redirect.GetProperty("httpsRedirect").GetBoolean());
        var bookinfo = listeners[mesh.BookinfoPort].GetProperty("servers")[0];
        Assert.Equal("Gateway/default/bookinfo-gateway", bookinfo.GetProperty("gateway").GetString());
        Assert.Contains(bookinfo.GetProperty("virtualHosts").EnumerateArray(), h => h.GetProperty("host").GetString() == "reviews.default.svc.cluster.local");

        var listening = mesh.Sidecar.Output.Split('\n').Where(l => l.Contains("Gateway listener", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, listening.Count);
        Assert.Contains(listening, l => l.Contains($"https://127.0.0.1:{GatewayMesh.Text(mesh.HttpsPort)}", StringComparison.Ordinal));
        Assert.All(listening, l => Assert.Contains("://127.0.0.1:", l, StringComparison.Ordinal));
    }
}
