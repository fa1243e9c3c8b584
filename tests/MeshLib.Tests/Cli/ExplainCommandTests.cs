using System.Text.Json;
using MeshLib.Cli;

namespace MeshLib.Tests.Cli;

public sealed class ExplainCommandTests : IDisposable
{
    private const string ReviewsV2 = "outbound|9080|v2|reviews.default.svc.cluster.local";
    private const string ReviewsV3 = "outbound|9080|v3|reviews.default.svc.cluster.local";

    private const string MatchingRoutes = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          http:
          - name: api
            match:
            - uri: {prefix: /api}
              method: {exact: POST}
            - headers: {x-canary: {}}
              queryParams: {v: {exact: "2"}}
            route:
            - destination: {host: reviews, subset: v1}
          - match:
            - headers: {end-user: {exact: jason}}
            route:
            - destination: {host: reviews, subset: v2}
        """;

    private const string Rich = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - match: [{uri: {exact: /old}}]
            redirect: {uri: /new, redirectCode: 302}
          - match: [{uri: {prefix: /teapot}}]
            directResponse: {status: 418, body: {string: "short and stout"}}
          - match: [{uri: {prefix: /v1/}}]
            rewrite: {uri: /, authority: reviews-internal}
            fault:
              delay: {fixedDelay: 2s, percentage: {value: 10}}
            mirror: {host: reviews, subset: v2}
            mirrorPercentage: {value: 25}
            timeout: 1s
            retries: {attempts: 0}
            route:
            - destination: {host: reviews, subset: v1}
              weight: 1
            - destination: {host: reviews, subset: v9}
              weight: 3
          - route:
            - destination: {host: reviews, subset: v3}
            retries: {attempts: 4, perTryTimeout: 5s, retryOn: "gateway-error,409", backoff: 100ms}
            timeout: 2s
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews}
        spec:
          host: reviews
          trafficPolicy:
            loadBalancer:
              consistentHash: {httpHeaderName: x-user, ringHash: {minimumRingSize: 2048}}
            connectionPool:
              tcp: {maxConnections: 1, connectTimeout: 500ms}
              http: {http1MaxPendingRequests: 2, maxRetries: 3}
            outlierDetection: {consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 3m, maxEjectionPercent: 100}
            tls: {mode: SIMPLE, sni: reviews.example.com}
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v2, labels: {version: v2}}
          - name: v3
            labels: {version: v3}
            trafficPolicy:
              loadBalancer: {simple: ROUND_ROBIN}
        """;

    private readonly CliTestSupport _files = new();
    private readonly string _registry;

    public ExplainCommandTests()
    {
        _registry = _files.Write("registry.yaml", CliTestSupport.Registry);
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Explain_Jason_TakesTheHeaderRoute_ToV2()
    {
        var (code, stdout, stderr) = JasonV2V3("-H", "end-user: jason", "GET", "http://reviews:9080/reviews/0");

        Assert.Equal(Meshctl.Success, code);
        Assert.Empty(stderr);
        var lines = Lines(stdout);
        Assert.Equal("GET http://reviews:9080/reviews/0 (end-user: jason)", lines[0]);
        Assert.Equal("virtual host: reviews.default.svc.cluster.local  (VirtualService/default/reviews)", lines[1]);
        Assert.Equal("route: #0 matched by match #0: headers end-user exact \"jason\"", lines[2]);
        Assert.Contains($"  100%  reviews.default.svc.cluster.local subset v2  → cluster {ReviewsV2}", lines);
        Assert.Contains("        endpoints: 127.0.0.1:9082 {app=reviews, version=v2} weight 1", lines);
        Assert.Contains("  timeout: none", lines);
        Assert.Contains("  retries: 2 on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes (Istio default), per-try timeout none, backoff 25ms doubling to 250ms (full jitter)", lines);
        Assert.Contains("    load balancer: RANDOM", lines);
        Assert.Contains("    outlier detection: none (endpoints are never ejected)", lines);
        Assert.Contains("    tls: none (plain text)", lines);
        Assert.Equal($"result: route #0 of VirtualService/default/reviews forwards to {ReviewsV2}", lines[^1]);
    }

    [Theory]
    [InlineData("end-user: bob")]
    [InlineData("x-other: jason")]
    public void Explain_OtherUsers_FallThroughToV3(string header)
    {
        var (code, stdout, _) = JasonV2V3("-H", header, "GET", "http://reviews:9080/reviews/0");

        Assert.Equal(Meshctl.Success, code);
        var lines = Lines(stdout);
        Assert.Equal("route: #1 matched (any request: the route has no match conditions)", lines[2]);
        Assert.StartsWith("  skipped #0: match #0 fails on headers end-user exact \"jason\"", lines[3], StringComparison.Ordinal);
        Assert.Contains($"  100%  reviews.default.svc.cluster.local subset v3  → cluster {ReviewsV3}", lines);
        Assert.Contains("        endpoints: 127.0.0.1:9083 {app=reviews, version=v3} weight 1", lines);
    }

    [Fact]
    public void Explain_Json_HasTheDocumentedFields()
    {
        var (code, stdout, _) = JasonV2V3("-H", "end-user: jason", "GET", "http://reviews:9080/reviews/0", "--json");

        Assert.Equal(Meshctl.Success, code);
        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement;
        Assert.Equal(
            ["request", "outcome", "status", "summary", "outboundTrafficPolicy", "virtualHost", "route", "routes", "destinations", "redirect", "directResponse", "policies"],
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("forward", root.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("status").ValueKind);
        Assert.Equal("ALLOW_ANY", root.GetProperty("outboundTrafficPolicy").GetString());

        var request = root.GetProperty("request");
        Assert.Equal("GET", request.GetProperty("method").GetString());
        Assert.Equal("reviews:9080", request.GetProperty("authority").GetString());
        Assert.Equal(9080, request.GetProperty("port").GetInt32());
        Assert.Equal("/reviews/0", request.GetProperty("path").GetString());
        Assert.Equal("jason", request.GetProperty("headers")[0].GetProperty("value").GetString());

        Assert.Equal("VirtualService/default/reviews", root.GetProperty("virtualHost").GetProperty("virtualService").GetString());
        var route = root.GetProperty("route");
        Assert.Equal(0, route.GetProperty("index").GetInt32());
        Assert.Equal("#0", route.GetProperty("name").GetString());
        Assert.Equal(0, route.GetProperty("matchedBy").GetProperty("index").GetInt32());
        var condition = route.GetProperty("matchedBy").GetProperty("conditions")[0];
        Assert.Equal("headers", condition.GetProperty("field").GetString());
        Assert.True(condition.GetProperty("matched").GetBoolean());
        Assert.Equal("jason", condition.GetProperty("actual").GetString());
        Assert.Equal(2, root.GetProperty("routes").GetArrayLength());

        var destination = Assert.Single(root.GetProperty("destinations").EnumerateArray().ToList());
        Assert.Equal("reviews.default.svc.cluster.local", destination.GetProperty("host").GetString());
        Assert.Equal("v2", destination.GetProperty("subset").GetString());
        Assert.Equal(100, destination.GetProperty("percent").GetDouble());
        Assert.Equal(JsonValueKind.Null, destination.GetProperty("problem").ValueKind);
        var cluster = destination.GetProperty("cluster");
        Assert.Equal(ReviewsV2, cluster.GetProperty("name").GetString());
        Assert.Equal("ServiceEntry/default/reviews", cluster.GetProperty("service").GetString());
        var endpoint = Assert.Single(cluster.GetProperty("endpoints").EnumerateArray().ToList());
        Assert.Equal("127.0.0.1", endpoint.GetProperty("address").GetString());
        Assert.Equal(9082, endpoint.GetProperty("port").GetInt32());
        Assert.Equal("v2", endpoint.GetProperty("labels").GetProperty("version").GetString());
        Assert.Equal(1, endpoint.GetProperty("weight").GetInt32());
        Assert.Equal("RANDOM", cluster.GetProperty("loadBalancer").GetProperty("algorithm").GetString());
        Assert.True(cluster.GetProperty("connectionPool").GetProperty("isDefault").GetBoolean());
        Assert.Equal(JsonValueKind.Null, cluster.GetProperty("connectionPool").GetProperty("maxConnections").ValueKind);
        Assert.Equal("10s", cluster.GetProperty("connectionPool").GetProperty("connectTimeout").GetString());
        Assert.Equal(JsonValueKind.Null, cluster.GetProperty("outlierDetection").ValueKind);
        Assert.Equal(JsonValueKind.Null, cluster.GetProperty("tls").ValueKind);

        var policies = root.GetProperty("policies");
        Assert.Equal(JsonValueKind.Null, policies.GetProperty("fault").ValueKind);
        Assert.Equal(JsonValueKind.Null, policies.GetProperty("timeout").ValueKind);
        var retries = policies.GetProperty("retries");
        Assert.True(retries.GetProperty("isDefault").GetBoolean());
        Assert.Equal(2, retries.GetProperty("attempts").GetInt32());
        Assert.Equal("connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes", retries.GetProperty("retryOn").GetString());
        Assert.Equal("25ms", retries.GetProperty("backoffBaseInterval").GetString());
        Assert.Equal("250ms", retries.GetProperty("backoffMaxInterval").GetString());
    }

    [Fact]
    public void Explain_WeightedRoute_ShowsWeightsAndShares()
    {
        var args = Config("virtual-service-reviews-80-20.yaml").Concat(["GET", "http://reviews:9080/"]).ToArray();

        var (code, stdout, _) = CliTestSupport.Run(args);

        Assert.Equal(Meshctl.Success, code);
        var lines = Lines(stdout);
        Assert.Contains("   80%  weight 80  reviews.default.svc.cluster.local subset v1  → cluster outbound|9080|v1|reviews.default.svc.cluster.local", lines);
        Assert.Contains($"   20%  weight 20  reviews.default.svc.cluster.local subset v2  → cluster {ReviewsV2}", lines);
        Assert.Contains("result: route #0 of VirtualService/default/reviews splits between outbound|9080|v1|reviews.default.svc.cluster.local (80%), "
            + $"{ReviewsV2} (20%)", lines);

        var (_, json, _) = CliTestSupport.Run([.. args, "--json"]);
        using var document = JsonDocument.Parse(json);
        var destinations = document.RootElement.GetProperty("destinations");
        Assert.Equal([80, 20], destinations.EnumerateArray().Select(d => d.GetProperty("weight").GetInt32()).ToArray());
        Assert.Equal([80d, 20d], destinations.EnumerateArray().Select(d => d.GetProperty("percent").GetDouble()).ToArray());
    }

    [Fact]
    public void Explain_FaultAbort_ForJason_ShowsTheAbort()
    {
        var args = new[]
        {
            "explain", "--config", CliTestSupport.Corpus("virtual-service-ratings-test-abort.yaml"),
            "--config", CliTestSupport.Corpus("destination-rule-all.yaml"), "--config", _registry,
            "-H", "end-user: jason", "GET", "http://ratings:9080/ratings/0",
        };

        var (code, stdout, _) = CliTestSupport.Run(args);

        Assert.Equal(Meshctl.Success, code);
        var lines = Lines(stdout);
        Assert.Equal("route: #0 matched by match #0: headers end-user exact \"jason\"", lines[2]);
        Assert.Contains("  fault: abort 500 for 100% of requests (never retried)", lines);
        Assert.StartsWith("result: route #0 of VirtualService/default/ratings aborts every request with 500 (fault injection)", lines[^1], StringComparison.Ordinal);

        var (_, json, _) = CliTestSupport.Run([.. args, "--json"]);
        using var document = JsonDocument.Parse(json);
        var fault = document.RootElement.GetProperty("policies").GetProperty("fault");
        Assert.Equal(JsonValueKind.Null, fault.GetProperty("delay").ValueKind);
        Assert.Equal(500, fault.GetProperty("abort").GetProperty("httpStatus").GetInt32());
        Assert.Equal(100, fault.GetProperty("abort").GetProperty("percent").GetDouble());
    }

    [Fact]
    public void Explain_FaultAbort_OtherUsers_HaveNoFault()
    {
        var (code, stdout, _) = CliTestSupport.Run(
            "explain", "--config", CliTestSupport.Corpus("virtual-service-ratings-test-abort.yaml"),
            "--config", CliTestSupport.Corpus("destination-rule-all.yaml"), "--config", _registry,
            "GET", "http://ratings:9080/ratings/0");

        Assert.Equal(Meshctl.Success, code);
        Assert.Contains("route: #1 matched", stdout, StringComparison.Ordinal);
        Assert.Contains("  fault: none", Lines(stdout));
    }

    [Fact]
    public void Explain_NoRouteMatches_Explains404_WithEachMatch()
    {
        var routes = _files.Write("routes.yaml", MatchingRoutes);

        var (code, stdout, _) = CliTestSupport.Run("explain", "-c", routes, "-c", _registry, "GET", "http://reviews:9080/reviews?v=1");

        Assert.Equal(Meshctl.Success, code);
        var lines = Lines(stdout);
        Assert.Equal(
            [
                "GET http://reviews:9080/reviews?v=1",
                "virtual host: reviews.default.svc.cluster.local  (VirtualService/default/reviews)",
                "route: none matched → 404",
                "  \"api\" (#0)",
                "    match #0: uri prefix \"/api\" and method exact \"POST\"",
                "      ✗ uri prefix \"/api\"  (request: \"/reviews\")",
                "      ✗ method exact \"POST\"  (request: \"GET\")",
                "    match #1: headers x-canary present and queryParams v exact \"2\"",
                "      ✗ headers x-canary present  (request: none)",
                "      ✗ queryParams v exact \"2\"  (request: \"1\")",
                "  #1",
                "    match #0: headers end-user exact \"jason\"",
                "      ✗ headers end-user exact \"jason\"  (request: none)",
                "result: 404: no route of VirtualService/default/reviews matches: 404 (NR)",
            ],
            lines);

        var (_, json, _) = CliTestSupport.Run("explain", "-c", routes, "-c", _registry, "--json", "GET", "http://reviews:9080/reviews?v=1");
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("noRoute", root.GetProperty("outcome").GetString());
        Assert.Equal(404, root.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("route").ValueKind);
        Assert.Equal(0, root.GetProperty("destinations").GetArrayLength());
        var first = root.GetProperty("routes")[0];
        Assert.Equal("api", first.GetProperty("name").GetString());
        Assert.False(first.GetProperty("matched").GetBoolean());
        Assert.Equal(2, first.GetProperty("matches").GetArrayLength());
        Assert.Equal("queryParams", first.GetProperty("matches")[1].GetProperty("conditions")[1].GetProperty("field").GetString());
    }

    [Fact]
    public void Explain_SecondMatchBlock_Matches_WithQueryAndPresenceHeader()
    {
        var routes = _files.Write("routes.yaml", MatchingRoutes);

        var (code, stdout, _) = CliTestSupport.Run("explain", "-c", routes, "-c", _registry, "-H", "x-canary: yes", "GET", "http://reviews:9080/x?v=2");

        Assert.Equal(Meshctl.Success, code);
        Assert.Contains("route: \"api\" (#0) matched by match #1: headers x-canary present and queryParams v exact \"2\"", Lines(stdout));
    }

    [Fact]
    public void Explain_UnknownHost_IsPassthrough_UnderAllowAny()
    {
        var (code, stdout, _) = CliTestSupport.Run("explain", "--config", _registry, "GET", "http://httpbin.org/get");

        Assert.Equal(Meshctl.Success, code);
        var lines = Lines(stdout);
        Assert.Equal("virtual host: none for httpbin.org  (outbound traffic policy ALLOW_ANY)", lines[1]);
        Assert.StartsWith("result: passthrough: ", lines[^1], StringComparison.Ordinal);

        var (_, json, _) = CliTestSupport.Run("explain", "--config", _registry, "GET", "http://httpbin.org/get", "--json");
        using var document = JsonDocument.Parse(json);
        Assert.Equal("passthrough", document.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("status").ValueKind);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("virtualHost").ValueKind);
    }

    [Fact]
    public void Explain_UnknownHost_Is502_UnderRegistryOnly()
    {
        var (code, stdout, _) = CliTestSupport.Run(
            "explain", "--config", _registry, "--outbound-traffic-policy", "REGISTRY_ONLY", "GET", "http://httpbin.org/get");

        Assert.Equal(Meshctl.Success, code);
        Assert.StartsWith("result: 502: ", Lines(stdout)[^1], StringComparison.Ordinal);
        Assert.Contains("REGISTRY_ONLY", stdout, StringComparison.Ordinal);

        var (_, json, _) = CliTestSupport.Run(
            "explain", "--config", _registry, "--outbound-traffic-policy=registry_only", "--json", "GET", "http://httpbin.org/get");
        using var document = JsonDocument.Parse(json);
        Assert.Equal("blackHole", document.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(502, document.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("REGISTRY_ONLY", document.RootElement.GetProperty("outboundTrafficPolicy").GetString());
    }

    [Fact]
    public void Explain_ServiceWithoutVirtualService_UsesTheDefaultRoute()
    {
        var (code, stdout, _) = CliTestSupport.Run("explain", "--config", _registry, "GET", "http://ratings.default.svc.cluster.local:9080/");

        Assert.Equal(Meshctl.Success, code);
        var lines = Lines(stdout);
        Assert.Equal("virtual host: ratings.default.svc.cluster.local  (no VirtualService: default route of ServiceEntry/default/ratings)", lines[1]);
        Assert.Contains("  100%  ratings.default.svc.cluster.local  → cluster outbound|9080||ratings.default.svc.cluster.local", lines);
        Assert.Contains("    load balancer: LEAST_REQUEST (default)", lines);
    }

    [Fact]
    public void Explain_RedirectAndDirectResponse_AreShown()
    {
        var rich = _files.Write("rich.yaml", Rich);

        var (redirectCode, redirect, _) = CliTestSupport.Run("explain", "-c", rich, "-c", _registry, "GET", "http://reviews:9080/old?x=1");
        var (directCode, direct, _) = CliTestSupport.Run("explain", "-c", rich, "-c", _registry, "GET", "http://reviews:9080/teapot");

        Assert.Equal(Meshctl.Success, redirectCode);
        Assert.Contains("redirect: 302 → http://reviews:9080/new?x=1", Lines(redirect));
        Assert.Equal(Meshctl.Success, directCode);
        Assert.Contains("direct response: 418, body \"short and stout\"", Lines(direct));
        Assert.StartsWith("result: 418: ", Lines(direct)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_ClusterPolicies_RewriteMirrorDelayAndMissingSubset_AreShown()
    {
        var rich = _files.Write("rich.yaml", Rich);

        var (code, stdout, _) = CliTestSupport.Run("explain", "-c", rich, "-c", _registry, "-H", "x-user: alice", "GET", "http://reviews:9080/v1/reviews/1");

        Assert.Equal(Meshctl.Success, code);
        var lines = Lines(stdout);
        Assert.Contains("   25%  weight 1  reviews.default.svc.cluster.local subset v1  → cluster outbound|9080|v1|reviews.default.svc.cluster.local", lines);
        Assert.Contains("   75%  weight 3  reviews.default.svc.cluster.local subset v9  → no cluster: subset v9 is not defined by any DestinationRule for reviews.default.svc.cluster.local, so the request gets 503", lines);
        Assert.Contains("  fault: delay 2s for 10% of requests", lines);
        Assert.Contains("  timeout: 1s", lines);
        Assert.Contains("  retries: disabled (attempts 0)", lines);
        Assert.Contains("  rewrite: path → /reviews/1, authority → reviews-internal", lines);
        Assert.Contains($"  mirror: 25% to reviews.default.svc.cluster.local subset v2 → cluster {ReviewsV2}", lines);
        Assert.Contains("    load balancer: RING_HASH on header x-user (request: \"alice\"), minimum ring size 2048", lines);
        Assert.Contains("    connection pool: maxConnections 1, http1MaxPendingRequests 2, http2MaxRequests unlimited, maxRequestsPerConnection unlimited, maxRetries 3; connect timeout 500ms, idle timeout 1h0m0s (overflow: 503, x-envoy-overloaded)", lines);
        Assert.Contains("    outlier detection: consecutive5xxErrors 1, interval 1s, baseEjectionTime 3m0s (max 5m0s), maxEjectionPercent 100%, minHealthPercent 0%", lines);
        Assert.Contains("    tls: SIMPLE, sni reviews.example.com", lines);
    }

    [Fact]
    public void Explain_SubsetPolicy_AndCustomRetries_AreShown()
    {
        var rich = _files.Write("rich.yaml", Rich);

        var (code, stdout, _) = CliTestSupport.Run("explain", "-c", rich, "-c", _registry, "GET", "http://reviews:9080/other");

        Assert.Equal(Meshctl.Success, code);
        var lines = Lines(stdout);
        Assert.Contains("  timeout: 2s", lines);
        Assert.Contains("  retries: 4 on gateway-error,409, status codes 409, per-try timeout 5s (ignored: not shorter than the route timeout), backoff 100ms doubling to 1s (full jitter)", lines);
        Assert.Contains("    load balancer: ROUND_ROBIN", lines);

        var (_, json, _) = CliTestSupport.Run("explain", "-c", rich, "-c", _registry, "--json", "GET", "http://reviews:9080/other");
        using var document = JsonDocument.Parse(json);
        var retries = document.RootElement.GetProperty("policies").GetProperty("retries");
        Assert.False(retries.GetProperty("isDefault").GetBoolean());
        Assert.Equal(4, retries.GetProperty("attempts").GetInt32());
        Assert.Equal("5s", retries.GetProperty("perTryTimeout").GetString());
        Assert.False(retries.GetProperty("perTryTimeoutApplies").GetBoolean());
        var pool = document.RootElement.GetProperty("destinations")[0].GetProperty("cluster").GetProperty("connectionPool");
        Assert.Equal(1u, pool.GetProperty("maxConnections").GetUInt32());
        Assert.Equal(JsonValueKind.Null, pool.GetProperty("http2MaxRequests").ValueKind);
    }

    [Fact]
    public void Explain_ContentHeader_IsMatchedLikeTheRouter()
    {
        var routes = _files.Write("grpc.yaml", """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - match: [{headers: {content-type: {prefix: application/grpc}}}]
                route: [{destination: {host: reviews, subset: v2}}]
            """);

        var (code, stdout, _) = CliTestSupport.Run(
            "explain", "-c", routes, "-c", CliTestSupport.Corpus("destination-rule-reviews.yaml"), "-c", _registry,
            "-H", "Content-Type: application/grpc", "POST", "http://reviews:9080/svc/Method");

        Assert.Equal(Meshctl.Success, code);
        Assert.Contains("route: #0 matched by match #0: headers content-type prefix \"application/grpc\"", Lines(stdout));
    }

    [Fact]
    public void Explain_Namespace_ResolvesShortNamesInIt()
    {
        var (code, stdout, _) = CliTestSupport.Run(
            "explain", "--namespace", "bookinfo", "--config", _registry, "--config", CliTestSupport.Corpus("virtual-service-reviews-v3.yaml"),
            "--config", CliTestSupport.Corpus("destination-rule-reviews.yaml"), "GET", "http://reviews:9080/");

        Assert.Equal(Meshctl.Success, code);
        Assert.Contains("virtual host: reviews.bookinfo.svc.cluster.local  (VirtualService/bookinfo/reviews)", Lines(stdout));
        Assert.Contains("cluster outbound|9080|v3|reviews.bookinfo.svc.cluster.local", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_CorpusDirectory_Loads_AndCountsWarningsOnStderr()
    {
        var (code, stdout, stderr) = CliTestSupport.Run("explain", "--config", CliTestSupport.Corpus(string.Empty), "GET", "http://reviews:9080/");

        Assert.Equal(Meshctl.Success, code);
        Assert.Contains("virtual host: reviews.default.svc.cluster.local", stdout, StringComparison.Ordinal);
        Assert.Contains("warning(s)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_InvalidConfiguration_PrintsValidateStyleErrors_AndExitsOne()
    {
        var broken = _files.Write("broken.yaml", """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts: [reviews]
              http:
              - route:
                - destination: {host: reviews}
                timeout: -3s
            """);

        var (code, stdout, _) = CliTestSupport.Run("explain", "--config", broken, "GET", "http://reviews/");

        Assert.Equal(Meshctl.ConfigurationErrors, code);
        var lines = Lines(stdout);
        Assert.Contains($"{broken}:10:5: error: VirtualService/default/reviews: spec.http[0].timeout: duration must be greater than 1ms", lines);
        Assert.StartsWith("1 error(s)", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith("route:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET", "not-a-url")]
    [InlineData("GET", "/reviews/0")]
    [InlineData("GET", "ftp://reviews/x")]
    [InlineData("G E T", "http://reviews/")]
    public void Explain_InvalidRequest_ExitsOne(string method, string url)
    {
        var (code, stdout, stderr) = CliTestSupport.Run("explain", "--config", _registry, method, url);

        Assert.Equal(Meshctl.ConfigurationErrors, code);
        Assert.Empty(stdout);
        Assert.StartsWith("meshctl explain: invalid ", stderr, StringComparison.Ordinal);
    }

    public static TheoryData<string[]> UsageErrors => new()
    {
        { ["explain"] },
        { ["explain", "GET", "http://reviews/"] },
        { ["explain", "--config", "x.yaml", "GET"] },
        { ["explain", "--config"] },
        { ["explain", "--config", "x.yaml", "--bogus", "GET", "http://reviews/"] },
        { ["explain", "--config", "x.yaml", "-H", "no-colon", "GET", "http://reviews/"] },
        { ["explain", "--config", "x.yaml", "-H", ": value", "GET", "http://reviews/"] },
        { ["explain", "--config", "x.yaml", "--outbound-traffic-policy", "DENY", "GET", "http://reviews/"] },
        { ["explain", "--config", "x.yaml", "--namespace", "", "GET", "http://reviews/"] },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void Explain_UsageErrors_ExitTwo(string[] args)
    {
        var (code, stdout, stderr) = CliTestSupport.Run(args);

        Assert.Equal(Meshctl.UsageError, code);
        Assert.Empty(stdout);
        Assert.StartsWith("meshctl explain: ", stderr, StringComparison.Ordinal);
        Assert.Contains("usage: meshctl explain", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_Help_DocumentsTheJsonProperties()
    {
        var (code, stdout, _) = CliTestSupport.Run("explain", "--help");

        Assert.Equal(Meshctl.Success, code);
        Assert.Contains("usage: meshctl explain", stdout, StringComparison.Ordinal);
        Assert.Contains("JSON properties", stdout, StringComparison.Ordinal);
        Assert.Contains("outlierDetection", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_ExtraPathsBeforeMethod_AreConfiguration()
    {
        var (code, stdout, _) = CliTestSupport.Run(
            "explain", "--config", CliTestSupport.Corpus("virtual-service-reviews-jason-v2-v3.yaml"),
            CliTestSupport.Corpus("destination-rule-reviews.yaml"), _registry, "GET", "http://reviews:9080/");

        Assert.Equal(Meshctl.Success, code);
        Assert.Contains($"cluster {ReviewsV3}", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_IstioMutual_IsShownAsPlainText()
    {
        var (code, stdout, _) = CliTestSupport.Run(
            "explain", "--config", CliTestSupport.Corpus("destination-rule-all-mtls.yaml"), "--config", _registry, "GET", "http://reviews:9080/");

        Assert.Equal(Meshctl.Success, code);
        Assert.Contains("    tls: ISTIO_MUTUAL (plain text: MeshLib has no Istio CA)", Lines(stdout));
    }

    [Fact]
    public void Explain_Tls_ShowsTheServiceEntrysSubjectAltNames_WhenTheRuleNamesNone()
    {
        var registry = _files.Write("db.yaml", """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: db}
            spec:
              hosts: [db.example.com]
              resolution: STATIC
              subjectAltNames: [spiffe://example.com/db]
              ports: [{number: 80, name: http, protocol: HTTP}]
              endpoints: [{address: 127.0.0.1}]
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: db}
            spec:
              host: db.example.com
              trafficPolicy:
                tls: {mode: SIMPLE, insecureSkipVerify: false}
            """);

        var (code, stdout, _) = CliTestSupport.Run("explain", "--config", registry, "GET", "http://db.example.com/");

        Assert.Equal(Meshctl.Success, code);
        Assert.Contains("    tls: SIMPLE, subjectAltNames spiffe://example.com/db", Lines(stdout));
    }

    private static string[] Lines(string output) => output.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');

    private string[] Config(string virtualService) =>
    [
        "explain",
        "--config", CliTestSupport.Corpus(virtualService),
        "--config", CliTestSupport.Corpus("destination-rule-reviews.yaml"),
        "--config", _registry,
    ];

    private (int Code, string Out, string Err) JasonV2V3(params string[] request) =>
        CliTestSupport.Run([.. Config("virtual-service-reviews-jason-v2-v3.yaml"), .. request]);
}
