using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Scenarios;

/// <summary>
/// The scenarios both drivers run — in-process (<c>AddHttpClient(...).AddMesh()</c>) and through the sidecar process
/// (curl and python3 as its clients) — with the same YAML, the same backends and the same expected outcomes.
/// </summary>
internal static class ScenarioCatalogue
{
    private const string Abort = "fault filter abort";
    private const string Timeout = "upstream request timeout";
    private const string Overflow = "upstream connect error or disconnect/reset before headers. reset reason: overflow";

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("routing", "header and uri-prefix matches, the default route; a host whose every route has a match answers 404 to the rest")
        {
            Backends = ["v1", "v2", "v3"],
            Mesh = b =>
            [
                Versions(b, 9080, "v1", "v2", "v3"),
                MeshYaml.DestinationRule(b.Host, ["v1", "v2", "v3"]),
                MeshYaml.VirtualService(b.Host, """
                    - match: [{headers: {end-user: {exact: jason}}}]
                      route: [{destination: {host: routing, subset: v2}}]
                    - match: [{uri: {prefix: /v3/}}]
                      route: [{destination: {host: routing, subset: v3}}]
                    - route: [{destination: {host: routing, subset: v1}}]
                    """),
                MeshYaml.VirtualService("routing-strict", """
                    - match: [{uri: {prefix: /only/}}]
                      route: [{destination: {host: routing, subset: v1}}]
                    """),
            ],
            Probes =
            [
                new("http://routing:9080/reviews/0?x=1") { Headers = [("end-user", "jason"), ("x-custom", "kept")], Status = 200, Backend = "v2" },
                new("http://routing:9080/reviews/0?x=1") { Headers = [("end-user", "jason"), ("x-custom", "kept")], Via = SidecarClient.PythonProxy, Status = 200, Backend = "v2" },
                new("http://routing:9080/reviews/0?x=1") { Headers = [("end-user", "jason"), ("x-custom", "kept")], Via = SidecarClient.CurlOriginForm, Status = 200, Backend = "v2" },
                new("http://routing:9080/v3/page") { Count = 2, Status = 200, Backend = "v3" },
                new("http://routing:9080/reviews/0") { Headers = [("end-user", "mike")], Count = 3, Status = 200, Backend = "v1" },
                new("http://routing/reviews/0") { Via = SidecarClient.CurlOriginForm, Status = 200, Backend = "v1" },
                new("http://routing-strict/elsewhere") { Status = 404 },
            ],
            Received =
            [
                new("v2", 3)
                {
                    PathAndQuery = "/reviews/0?x=1",
                    Headers = new() { ["end-user"] = "jason", ["x-custom"] = "kept", ["host"] = "routing:9080", ["x-envoy-attempt-count"] = "1", ["proxy-connection"] = null },
                },
                new("v3", 2) { PathAndQuery = "/v3/page" },
                new("v1", 4),
            ],
        },
        new("weights-all-to-one", "weights 0/100: every request goes to the destination with all the weight")
        {
            Backends = ["v1", "v2"],
            Mesh = b => [Versions(b, 80, "v1", "v2"), MeshYaml.DestinationRule(b.Host, ["v1", "v2"]), Weighted(b.Host, ("v1", 0), ("v2", 100))],
            Probes = [new("http://weights-all-to-one/") { Count = 20, Status = 200, Backend = "v2" }],
            Received = [new("v1", 0), new("v2", 20)],
        },
        new("weights-80-20", "weights 80/20 over 200 requests: each destination's share within five standard deviations")
        {
            Backends = ["v1", "v2"],
            Mesh = b => [Versions(b, 80, "v1", "v2"), MeshYaml.DestinationRule(b.Host, ["v1", "v2"]), Weighted(b.Host, ("v1", 80), ("v2", 20))],

            // Binomial(200, 0.8): standard deviation ≈ 5.7; ±28 is a false alarm less than once in a million runs.
            Probes = [new("http://weights-80-20/") { Count = 200, Status = 200, BackendCounts = new() { ["v1"] = (132, 188), ["v2"] = (12, 68) } }],
        },
        new("weights-scripted", "weights 80/20 with scripted draws: draw % 100 below 80 picks v1, from 80 on v2")
        {
            Backends = ["v1", "v2"],
            ScriptedDraws = [0, 79, 80, 99, 100, 179],
            Mesh = b => [Versions(b, 80, "v1", "v2"), MeshYaml.DestinationRule(b.Host, ["v1", "v2"], "loadBalancer: {simple: RANDOM}"), Weighted(b.Host, ("v1", 80), ("v2", 20))],
            Probes = [.. new[] { "v1", "v1", "v2", "v2", "v1", "v1" }.Select(backend => new Probe("http://weights-scripted/") { Status = 200, Backend = backend })],
        },
        new("fault-abort", "an abort answers its status with Envoy's body, never reaches the backend and is never retried")
        {
            Backends = ["httpbin"],
            Mesh = b =>
            [
                Httpbin(b),
                MeshYaml.VirtualService(b.Host, """
                    - match: [{headers: {x-abort: {exact: teapot}}}]
                      fault: {abort: {httpStatus: 418, percentage: {value: 100}}}
                      route: [{destination: {host: fault-abort}}]
                    - fault: {abort: {httpStatus: 503, percentage: {value: 100}}}
                      retries: {attempts: 3, retryOn: '5xx,gateway-error,reset'}
                      route: [{destination: {host: fault-abort}}]
                    """),
            ],
            Probes =
            [
                new("http://fault-abort/get") { Headers = [("x-abort", "teapot")], Count = 3, Status = 418, Body = Abort },
                new("http://fault-abort/get") { Status = 503, Body = Abort },
                new("http://fault-abort/get") { Via = SidecarClient.PythonProxy, Status = 503, Body = Abort },
            ],
            Received = [new("httpbin", 0)],
        },
        new("fault-delay", "a delay comes before the backend and does not count against the route timeout (delay 1.2 s > timeout 1 s)")
        {
            Backends = ["httpbin"],
            Mesh = b =>
            [
                Httpbin(b),
                MeshYaml.RouteTo(b.Host, """
                    timeout: 1s
                    fault: {delay: {fixedDelay: 1200ms, percentage: {value: 100}}}
                    """),
            ],
            Probes = [new("http://fault-delay/delayed") { Status = 200, Backend = "httpbin", NotBefore = TimeSpan.FromMilliseconds(1200) }],
            Received = [new("httpbin", 1)],
        },
        new("route-timeout", "a backend slower than the route timeout: 504 upstream request timeout, after the timeout")
        {
            Backends = ["httpbin"],
            Mesh = b => [Httpbin(b), MeshYaml.RouteTo(b.Host, "timeout: 500ms")],
            Arrange = b => b["httpbin"].Handler = BackendHandlers.Delay(TimeSpan.FromSeconds(3)),
            Probes = [new("http://route-timeout/slow") { Status = 504, Body = Timeout, NotBefore = TimeSpan.FromMilliseconds(500) }],
            Received = [new("httpbin", 1) { NumericHeaders = new() { ["x-envoy-expected-rq-timeout-ms"] = (1, 500) } }],
        },
        new("timeout-header", "the caller's x-envoy-upstream-rq-timeout-ms is the route timeout, and is not forwarded")
        {
            Backends = ["httpbin"],
            Mesh = b => [Httpbin(b), MeshYaml.RouteTo(b.Host, "retries: {attempts: 0}")],
            Arrange = b => b["httpbin"].Handler = BackendHandlers.Delay(TimeSpan.FromSeconds(3)),
            Probes =
            [
                new("http://timeout-header/slow")
                {
                    Headers = [("x-envoy-upstream-rq-timeout-ms", "500")], Status = 504, Body = Timeout, NotBefore = TimeSpan.FromMilliseconds(500),
                },
            ],
            Received =
            [
                new("httpbin", 1)
                {
                    Headers = new() { ["x-envoy-upstream-rq-timeout-ms"] = null }, NumericHeaders = new() { ["x-envoy-expected-rq-timeout-ms"] = (1, 500) },
                },
            ],
        },
        new("retries", "retries on 5xx: two 503s, then the answer; the backend sees attempts 1, 2, 3")
        {
            Backends = ["httpbin"],
            Mesh = b => [Httpbin(b), MeshYaml.RouteTo(b.Host, "retries: {attempts: 3, retryOn: 5xx}")],
            Arrange = b => b["httpbin"].Handler = BackendHandlers.FailFirst(2, 503),
            Probes = [new("http://retries/get") { Status = 200, Backend = "httpbin" }],
            Received = [new("httpbin", 3) { AttemptCounts = ["1", "2", "3"] }],
        },
        new("overflow", "http2MaxRequests 1: while one request is at the backend the next ones overflow (503 x-envoy-overloaded); then one passes again")
        {
            Backends = ["httpbin"],
            Mesh = b =>
            [
                Httpbin(b),
                MeshYaml.DestinationRule(b.Host, "connectionPool: {http: {http2MaxRequests: 1}}"),
            ],
            Arrange = b => b["httpbin"].Handler = BackendHandlers.Hold("/hold", b.Release),
            Probes =
            [
                new("http://overflow/hold") { Held = true, Status = 200, Backend = "httpbin", ResponseHeaders = new() { ["x-envoy-overloaded"] = null } },
                new("http://overflow/second") { Count = 2, Status = 503, Body = Overflow, ResponseHeaders = new() { ["x-envoy-overloaded"] = "true" } },
                new("http://overflow/third") { AfterHeld = true, Status = 200, Backend = "httpbin" },
            ],
            Received = [new("httpbin", 2)],
        },
        new("outlier-ejection", "consecutive5xxErrors 1: after its first 500 the bad endpoint gets no more requests")
        {
            Backends = ["good", "bad"],
            Mesh = b =>
            [
                MeshYaml.ServiceEntry(b.Host, 80, b["good"].Port, b["bad"].Port),
                MeshYaml.DestinationRule(b.Host, """
                    loadBalancer: {simple: ROUND_ROBIN}
                    outlierDetection: {consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 5m, maxEjectionPercent: 100}
                    """),
            ],
            Arrange = b => b["bad"].Handler = BackendHandlers.Status(500),
            Probes = [new("http://outlier-ejection/get") { Count = 20, StatusCounts = new() { [200] = 19, [500] = 1 } }],
            Received = [new("bad", 1), new("good", 19)],
        },
        new("redirect", "redirects answer locally with Location: a uri redirect (301) and an authority redirect with redirectCode 302")
        {
            Backends = ["httpbin"],
            Mesh = b =>
            [
                Httpbin(b),
                MeshYaml.VirtualService(b.Host, """
                    - match: [{uri: {prefix: /v1/getProductRatings}}]
                      redirect: {uri: /v1/bookRatings}
                    - redirect: {authority: bookinfo.example.com, redirectCode: 302}
                    """),
            ],
            Probes =
            [
                new("http://redirect/v1/getProductRatings?id=1") { Status = 301, ResponseHeaders = new() { ["location"] = "http://redirect/v1/bookRatings?id=1" } },
                new("http://redirect/a?b=c") { Status = 302, ResponseHeaders = new() { ["location"] = "http://bookinfo.example.com/a?b=c" } },
                new("http://redirect/a?b=c") { Via = SidecarClient.PythonProxy, Status = 302, ResponseHeaders = new() { ["location"] = "http://bookinfo.example.com/a?b=c" } },
            ],
            Received = [new("httpbin", 0)],
        },
        new("direct-response", "a direct response answers locally with its status, body and the route's response headers")
        {
            Backends = ["httpbin"],
            Mesh = b =>
            [
                Httpbin(b),
                MeshYaml.VirtualService(b.Host, """
                    - match: [{uri: {exact: /health}}]
                      directResponse: {status: 503, body: {string: 'down for maintenance'}}
                      headers: {response: {set: {content-type: text/plain, x-direct: '1'}}}
                    - match: [{uri: {exact: /teapot}}]
                      directResponse: {status: 418}
                    - route: [{destination: {host: direct-response}}]
                    """),
            ],
            Probes =
            [
                new("http://direct-response/health")
                {
                    Status = 503, Body = "down for maintenance", ResponseHeaders = new() { ["content-type"] = "text/plain", ["x-direct"] = "1" },
                },
                new("http://direct-response/health") { Via = SidecarClient.PythonProxy, Status = 503, Body = "down for maintenance" },
                new("http://direct-response/teapot") { Status = 418, Body = string.Empty },
                new("http://direct-response/other") { Status = 200, Backend = "httpbin" },
            ],
            Received = [new("httpbin", 1)],
        },
        new("header-operations", "route header operations: set, add and remove on the request; set and remove on the response")
        {
            Backends = ["httpbin"],
            Mesh = b =>
            [
                Httpbin(b),
                MeshYaml.RouteTo(b.Host, """
                    headers:
                      request: {set: {x-set: route}, add: {x-added: route}, remove: [x-remove-me]}
                      response: {set: {x-response: route}, remove: [x-secret]}
                    """),
            ],
            Arrange = b => b["httpbin"].Handler = context =>
            {
                context.Response.Headers["x-upstream"] = "yes";
                context.Response.Headers["x-secret"] = "hidden";
                return Task.FromResult(false);
            },
            Probes =
            [
                new("http://header-operations/get")
                {
                    Headers = [("x-remove-me", "1"), ("x-kept", "1")],
                    Status = 200,
                    Backend = "httpbin",
                    ResponseHeaders = new() { ["x-response"] = "route", ["x-upstream"] = "yes", ["x-secret"] = null },
                },
            ],
            Received =
            [
                new("httpbin", 1) { Headers = new() { ["x-set"] = "route", ["x-added"] = "route", ["x-kept"] = "1", ["x-remove-me"] = null } },
            ],
        },
    ];

    public static Scenario Get(string name) => All.Single(s => s.Name == name);

    /// <summary>The scenario's ServiceEntry (port 80) with its one backend, <c>httpbin</c>.</summary>
    private static string Httpbin(ScenarioBackends b) => MeshYaml.ServiceEntry(b.Host, 80, b["httpbin"].Port);

    /// <summary>The scenario's ServiceEntry with one endpoint per backend, labelled <c>version: NAME</c>.</summary>
    private static string Versions(ScenarioBackends b, int port, params string[] versions) =>
        MeshYaml.ServiceEntry(b.Host, port, versions.Select(v => (b[v], $"version: {v}")).ToArray());

    private static string Weighted(string host, params (string Subset, int Weight)[] destinations) =>
        MeshYaml.VirtualService(host, "- route:\n" + string.Join('\n', destinations.Select(d => $"  - destination: {{host: {host}, subset: {d.Subset}}}\n    weight: {d.Weight}")));
}
