using System.Net;
using MeshLib;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Http;

/// <summary>The registry side: default routes, passthrough of unknown hosts, subsets by labels and the 503s of missing clusters.</summary>
public sealed class RegistryTests(ReviewsBackends backends) : IClassFixture<ReviewsBackends>
{
    private static string RouteTo(string subset) => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {host: reviews, subset: {{subset}}}
        """;

    [Fact]
    public async Task KnownServiceWithoutVirtualService_GetsTheDefaultRoute_OverAllEndpoints()
    {
        await using var mesh = MeshHarness.FromYaml(backends.Registry, ReviewsBackends.Subsets("loadBalancer: {simple: ROUND_ROBIN}"));
        var counts = await mesh.CountBackendsAsync("http://reviews:9080/reviews/0", 30);
        Assert.Equal(["reviews-v1", "reviews-v2", "reviews-v3"], counts.Keys.Order());
        Assert.All(counts.Values, count => Assert.Equal(10, count));
    }

    [Fact]
    public async Task DefaultRoute_KeepsPathQueryAndHost()
    {
        backends.Reset();
        await using var mesh = MeshHarness.FromYaml(backends.Registry);
        using var response = await mesh.GetAsync("http://reviews.default.svc.cluster.local:9080/reviews/0?x=1");
        var answer = await BackendAnswer.ReadAsync(response);
        Assert.Equal("/reviews/0?x=1", answer.Path);
        Assert.Equal("reviews.default.svc.cluster.local:9080", answer.Headers["host"]);
        Assert.Equal("1", answer.Headers["x-envoy-attempt-count"]);
    }

    [Fact]
    public async Task UnknownHost_AllowAny_PassesThroughUnchanged()
    {
        var backend = backends["reviews-v3"];
        await using var mesh = MeshHarness.FromYaml(backends.Registry);
        using var response = await mesh.GetAsync($"http://127.0.0.1:{backend.Port}/direct?a=b", ("x-caller", "me"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await BackendAnswer.ReadAsync(response);
        Assert.Equal("reviews-v3", answer.Backend);
        Assert.Equal("/direct?a=b", answer.Path);
        Assert.Equal($"127.0.0.1:{backend.Port}", answer.Headers["host"]);
        Assert.Equal("me", answer.Headers["x-caller"]);
        // Not routed by the mesh: no Envoy headers added.
        Assert.False(answer.Headers.ContainsKey("x-envoy-attempt-count"));
    }

    [Fact]
    public async Task UnknownHost_RegistryOnly_Is502_AndNothingIsSent()
    {
        var backend = backends["reviews-v3"];
        await using var mesh = MeshHarness.Create(m => m.AddYaml(backends.Registry).Configure(o => o.OutboundTrafficPolicy = OutboundTrafficPolicy.RegistryOnly));
        var before = backend.Received.Count;
        using var response = await mesh.GetAsync($"http://127.0.0.1:{backend.Port}/direct");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(before, backend.Received.Count);

        // Known hosts still route.
        Assert.StartsWith("reviews-v", await mesh.BackendOfAsync("http://reviews:9080/"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1", "reviews-v1")]
    [InlineData("v2", "reviews-v2")]
    [InlineData("v3", "reviews-v3")]
    public async Task Subset_SelectsEndpointsByLabels(string subset, string expected)
    {
        await using var mesh = MeshHarness.FromYaml(backends.Registry, ReviewsBackends.Subsets(), RouteTo(subset));
        var counts = await mesh.CountBackendsAsync("http://reviews:9080/", 10);
        Assert.Equal(expected, Assert.Single(counts).Key);
    }

    [Fact]
    public async Task Subset_WithSeveralLabels_SelectsEndpointsCarryingAllOfThem()
    {
        var rule = """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec:
              host: reviews
              subsets:
              - name: app-only
                labels: {app: reviews}
              - name: v2-exact
                labels: {app: reviews, version: v2}
            """;
        await using var mesh = MeshHarness.FromYaml(backends.Registry, rule, RouteTo("v2-exact"));
        Assert.Equal("reviews-v2", Assert.Single(await mesh.CountBackendsAsync("http://reviews:9080/", 5)).Key);

        await using var all = MeshHarness.FromYaml(backends.Registry, rule, RouteTo("app-only"));
        Assert.Equal(3, (await all.CountBackendsAsync("http://reviews:9080/", 40)).Count);
    }

    [Fact]
    public async Task SubsetNotDefinedByAnyDestinationRule_Is503()
    {
        backends.Reset();
        await using var mesh = MeshHarness.FromYaml(backends.Registry, ReviewsBackends.Subsets(), RouteTo("v9"));
        using var response = await mesh.GetAsync("http://reviews:9080/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.All(["reviews-v1", "reviews-v2", "reviews-v3"], name => Assert.Empty(backends[name].Received));
    }

    [Fact]
    public async Task SubsetWithoutDestinationRule_Is503()
    {
        await using var mesh = MeshHarness.FromYaml(backends.Registry, RouteTo("v1"));
        using var response = await mesh.GetAsync("http://reviews:9080/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task SubsetMatchingNoEndpoints_Is503NoHealthyUpstream()
    {
        var rule = MeshYaml.DestinationRule("reviews", ["v1", "v4"]);
        await using var mesh = MeshHarness.FromYaml(backends.Registry, rule, RouteTo("v4"));
        using var response = await mesh.GetAsync("http://reviews:9080/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no healthy upstream", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DestinationHostNotInTheRegistry_Is503()
    {
        var virtualService = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - route:
                - destination: {host: nowhere.example.com}
            """;
        await using var mesh = MeshHarness.FromYaml(backends.Registry, virtualService);
        using var response = await mesh.GetAsync("http://reviews:9080/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task WorkloadEntries_SelectedByTheServiceEntry_AreTheEndpoints()
    {
        var yaml = $$"""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              location: MESH_INTERNAL
              resolution: STATIC
              ports: [{number: 9080, name: http, protocol: HTTP}]
              workloadSelector:
                labels: {app: reviews}
            ---
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata: {name: reviews-v1}
            spec:
              address: 127.0.0.1
              ports: {http: {{backends["reviews-v1"].Port}}}
              labels: {app: reviews, version: v1}
            ---
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata: {name: reviews-v2}
            spec:
              address: 127.0.0.1
              ports: {http: {{backends["reviews-v2"].Port}}}
              labels: {app: reviews, version: v2}
            ---
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata: {name: other}
            spec:
              address: 127.0.0.1
              ports: {http: {{backends["reviews-v3"].Port}}}
              labels: {app: other, version: v3}
            """;
        await using var mesh = MeshHarness.FromYaml(yaml, MeshYaml.DestinationRule("reviews", ["v2"]), RouteTo("v2"));
        Assert.Equal("reviews-v2", Assert.Single(await mesh.CountBackendsAsync("http://reviews:9080/", 5)).Key);

        await using var all = MeshHarness.FromYaml(yaml);
        var counts = await all.CountBackendsAsync("http://reviews:9080/", 40);
        Assert.Equal(["reviews-v1", "reviews-v2"], counts.Keys.Order());
    }
    [Fact]
    public async Task ResolutionNone_ForwardsToTheAddressAskedFor_WithTheRouteApplied()
    {
        var backend = backends["reviews-v2"];
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: local}
            spec:
              hosts: [localhost]
              resolution: NONE
              ports: [{number: 80, name: http, protocol: HTTP}]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: local}
            spec:
              hosts: [localhost]
              http:
              - headers:
                  request: {set: {x-routed: 'yes'}}
                route: [{destination: {host: localhost}}]
            """;
        await using var mesh = MeshHarness.FromYaml(yaml);
        using var response = await mesh.GetAsync($"http://localhost:{backend.Port}/none?x=1");
        var answer = await BackendAnswer.ReadAsync(response);
        Assert.Equal("reviews-v2", answer.Backend);
        Assert.Equal("/none?x=1", answer.Path);
        Assert.Equal("yes", answer.Headers["x-routed"]);
        Assert.Equal($"localhost:{backend.Port}", answer.Headers["host"]);
    }

    [Fact]
    public async Task ResolutionDns_ConnectsToTheEndpointName()
    {
        var yaml = $$"""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: external}
            spec:
              hosts: [api.external.test]
              resolution: DNS
              ports: [{number: 80, name: http, protocol: HTTP}]
              endpoints:
              - address: localhost
                ports: {http: {{backends["reviews-v1"].Port}}}
            """;
        await using var mesh = MeshHarness.FromYaml(yaml);
        using var response = await mesh.GetAsync("http://api.external.test/v1/items");
        var answer = await BackendAnswer.ReadAsync(response);
        Assert.Equal("reviews-v1", answer.Backend);
        Assert.Equal("api.external.test", answer.Headers["host"]);
    }

    [Fact]
    public async Task PostBodies_AreForwardedIntact()
    {
        backends.Reset();
        await using var mesh = MeshHarness.FromYaml(backends.Registry, ReviewsBackends.Subsets(), """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - match: [{method: {exact: POST}, uri: {prefix: /reviews}}]
                rewrite: {uri: /v2/reviews}
                route: [{destination: {host: reviews, subset: v2}}]
            """);
        var body = new string('x', 200_000) + "end";
        using var content = new StringContent(body);
        using var response = await mesh.Client.PostAsync("http://reviews:9080/reviews/1", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(backends["reviews-v2"].Received.TryPeek(out var received));
        Assert.Equal("/v2/reviews/1", received.PathAndQuery);
        Assert.Equal(body, received.Body);
    }
}
