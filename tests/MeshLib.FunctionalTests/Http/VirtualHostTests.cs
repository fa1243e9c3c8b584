using System.Net;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Http;

/// <summary>Which virtual host a request gets: VirtualService hosts outside the registry, wildcards, namespaces, ports and duplicates.</summary>
public sealed class VirtualHostTests(ReviewsBackends backends) : IClassFixture<ReviewsBackends>
{
    private static string VirtualService(string name, string hosts, string subset, string? ns = null) => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: {{name}}{{(ns is null ? string.Empty : ", namespace: " + ns)}}}
        spec:
          hosts: {{hosts}}
          http:
          - route:
            - destination: {host: reviews.default.svc.cluster.local, subset: {{subset}}}
        """;

    [Fact]
    public async Task AVirtualServiceHostOutsideTheRegistry_RoutesToItsDestination()
    {
        await using var mesh = MeshHarness.FromYaml(backends.Registry, ReviewsBackends.Subsets(), VirtualService("front", "[bookinfo.example.com]", "v2"));
        var answer = await BackendAnswer.ReadAsync(await mesh.GetAsync("http://bookinfo.example.com/reviews/0"));
        Assert.Equal("reviews-v2", answer.Backend);
        Assert.Equal("bookinfo.example.com", answer.Headers["host"]);
    }

    [Fact]
    public async Task WildcardHosts_MatchSubdomains_TheMostSpecificWins()
    {
        await using var mesh = MeshHarness.FromYaml(
            backends.Registry,
            ReviewsBackends.Subsets(),
            VirtualService("any", "['*.example.com']", "v1"),
            VirtualService("api", "['*.api.example.com']", "v2"),
            VirtualService("exact", "[www.example.com]", "v3"));
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync("http://shop.example.com/"));
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync("http://v1.api.example.com/"));
        Assert.Equal("reviews-v3", await mesh.BackendOfAsync("http://www.example.com:8080/"));

        // *.example.com does not match example.com itself: not a mesh host, so it passes through (and fails to resolve).
        Assert.Null(mesh.Manager.Current.Hosts.Find("example.com"));
    }

    [Fact]
    public async Task TwoVirtualServicesForOneHost_TheFirstWins()
    {
        await using var mesh = MeshHarness.FromYaml(
            backends.Registry,
            ReviewsBackends.Subsets(),
            VirtualService("first", "[reviews]", "v3"),
            VirtualService("second", "[reviews]", "v1"));
        Assert.Equal(10, (await mesh.CountBackendsAsync("http://reviews:9080/", 10))["reviews-v3"]);
    }

    [Fact]
    public async Task ShortNames_ResolveInTheResourceNamespace_AndTheClientNamespaceDecidesTheShortAlias()
    {
        // The client runs in namespace "bookinfo"; the service and its VirtualService are in "default".
        var registry = backends.Registry.Replace("metadata:\n  name: reviews", "metadata:\n  name: reviews\n  namespace: default", StringComparison.Ordinal);
        var rule = ReviewsBackends.Subsets().Replace("metadata:\n  name: reviews", "metadata:\n  name: reviews\n  namespace: default", StringComparison.Ordinal);
        await using var mesh = MeshHarness.Create(m => m
            .AddYaml(registry)
            .AddYaml(rule)
            .AddYaml(VirtualService("reviews", "[reviews]", "v2", ns: "default"))
            .Configure(o => o.Namespace = "bookinfo"));

        Assert.Equal("reviews-v2", await mesh.BackendOfAsync("http://reviews.default:9080/"));
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync("http://reviews.default.svc.cluster.local:9080/"));

        // "reviews" alone would be reviews.bookinfo: not a mesh host for this client.
        Assert.Null(mesh.Manager.Current.Hosts.Find("reviews"));
    }

    [Fact]
    public async Task DestinationPort_SelectsTheServicePortAndItsEndpointPort()
    {
        var registry = $$"""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              resolution: STATIC
              ports:
              - {number: 9080, name: http, protocol: HTTP}
              - {number: 9090, name: admin, protocol: HTTP}
              endpoints:
              - address: 127.0.0.1
                ports: {http: {{backends["reviews-v1"].Port}}, admin: {{backends["reviews-v2"].Port}}}
            """;
        await using (var byRequestPort = MeshHarness.FromYaml(registry))
        {
            // No VirtualService and two ports: the request's port picks the service port.
            Assert.Equal("reviews-v1", await byRequestPort.BackendOfAsync("http://reviews:9080/"));
            Assert.Equal("reviews-v2", await byRequestPort.BackendOfAsync("http://reviews:9090/"));
        }

        var virtualService = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - match: [{uri: {prefix: /admin}}]
                route: [{destination: {host: reviews, port: {number: 9090}}}]
              - route: [{destination: {host: reviews, port: {number: 9080}}}]
            """;
        await using var byDestinationPort = MeshHarness.FromYaml(registry, virtualService);
        Assert.Equal("reviews-v2", await byDestinationPort.BackendOfAsync("http://reviews:9080/admin/stats"));
        Assert.Equal("reviews-v1", await byDestinationPort.BackendOfAsync("http://reviews:9090/other"));
    }

    [Fact]
    public async Task EndpointWeights_AreLoadBalancingWeights()
    {
        var registry = $$"""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              resolution: STATIC
              ports: [{number: 9080, name: http, protocol: HTTP}]
              endpoints:
              - {address: 127.0.0.1, ports: {http: {{backends["reviews-v1"].Port}}}, weight: 3}
              - {address: 127.0.0.1, ports: {http: {{backends["reviews-v2"].Port}}}, weight: 1}
            """;
        await using var mesh = MeshHarness.FromYaml(registry, MeshYaml.DestinationRule("reviews", [], "loadBalancer: {simple: ROUND_ROBIN}"));
        var counts = await mesh.CountBackendsAsync("http://reviews:9080/", 40);
        Assert.Equal(30, counts["reviews-v1"]);
        Assert.Equal(10, counts["reviews-v2"]);
    }

    [Fact]
    public async Task AVirtualServiceBoundOnlyToAGateway_DoesNotApplyToTheMesh()
    {
        var gatewayOnly = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews-gw}
            spec:
              hosts: [reviews]
              gateways: [bookinfo-gateway]
              http:
              - route: [{destination: {host: reviews, subset: v3}}]
            """;
        var gateway = """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: bookinfo-gateway}
            spec:
              selector: {istio: ingressgateway}
              servers:
              - port: {number: 80, name: http, protocol: HTTP}
                hosts: ['*']
            """;
        await using var mesh = MeshHarness.FromYaml(backends.Registry, ReviewsBackends.Subsets("loadBalancer: {simple: ROUND_ROBIN}"), gateway, gatewayOnly);
        // The mesh (this process) gets the default route over all endpoints instead.
        Assert.Equal(3, (await mesh.CountBackendsAsync("http://reviews:9080/", 9)).Count);
    }

    [Fact]
    public async Task ExportedToAnotherNamespaceOnly_IsNotVisible()
    {
        var hidden = VirtualService("reviews", "[reviews]", "v3").Replace("spec:\n", "spec:\n  exportTo: [other]\n", StringComparison.Ordinal);
        await using var mesh = MeshHarness.FromYaml(backends.Registry, ReviewsBackends.Subsets("loadBalancer: {simple: ROUND_ROBIN}"), hidden);
        Assert.Equal(3, (await mesh.CountBackendsAsync("http://reviews:9080/", 9)).Count);
        using var response = await mesh.GetAsync("http://reviews:9080/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
