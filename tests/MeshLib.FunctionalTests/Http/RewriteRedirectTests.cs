using System.Net;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Http;

/// <summary>Path and authority rewrites before forwarding; redirects and direct responses answered locally.</summary>
public sealed class RewriteRedirectTests(ReviewsBackends backends) : IClassFixture<ReviewsBackends>
{
    private MeshHarness Mesh(string http) => MeshHarness.FromYaml(backends.Registry, ReviewsBackends.Subsets(), $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {"{"}name: reviews{"}"}
        spec:
          hosts: [reviews]
          http:
        {http}
        """);

    [Theory]
    [InlineData("/reviews/0?user=jason", "/v2/reviews/0?user=jason")]
    [InlineData("/reviews", "/v2/reviews")]
    [InlineData("/reviewsX/1", "/v2/reviewsX/1")]
    public async Task UriRewrite_ReplacesTheMatchedPrefix_KeepsTheQuery(string path, string expected)
    {
        await using var mesh = Mesh("""
              - match: [{uri: {prefix: /reviews}}]
                rewrite: {uri: /v2/reviews}
                route: [{destination: {host: reviews, subset: v1}}]
            """);
        using var response = await mesh.GetAsync("http://reviews:9080" + path);
        Assert.Equal(expected, (await BackendAnswer.ReadAsync(response)).Path);
    }

    [Fact]
    public async Task UriRewrite_ToRoot()
    {
        await using var mesh = Mesh("""
              - match: [{uri: {prefix: /api/}}]
                rewrite: {uri: /}
                route: [{destination: {host: reviews, subset: v1}}]
            """);
        using var response = await mesh.GetAsync("http://reviews:9080/api/items?id=3");
        Assert.Equal("/items?id=3", (await BackendAnswer.ReadAsync(response)).Path);
    }

    [Fact]
    public async Task UriRewrite_AfterAnExactMatch_ReplacesTheWholePath()
    {
        await using var mesh = Mesh("""
              - match: [{uri: {exact: /old}}]
                rewrite: {uri: /new/place}
                route: [{destination: {host: reviews, subset: v1}}]
            """);
        using var response = await mesh.GetAsync("http://reviews:9080/old?a=1");
        Assert.Equal("/new/place?a=1", (await BackendAnswer.ReadAsync(response)).Path);
    }

    [Fact]
    public async Task UriRegexRewrite_SubstitutesCaptureGroups_KeepsTheQuery()
    {
        await using var mesh = Mesh("""
              - match: [{uri: {prefix: /service/}}]
                rewrite:
                  uriRegexRewrite: {match: '^/service/([^/]+)(/.*)$', rewrite: '\2/instance/\1'}
                route: [{destination: {host: reviews, subset: v1}}]
            """);
        using var response = await mesh.GetAsync("http://reviews:9080/service/foo/v1/api?x=1");
        Assert.Equal("/v1/api/instance/foo?x=1", (await BackendAnswer.ReadAsync(response)).Path);
    }

    [Fact]
    public async Task AuthorityRewrite_ChangesTheHostSent_NotTheRouting()
    {
        await using var mesh = Mesh("""
              - rewrite: {authority: reviews.example.org}
                route: [{destination: {host: reviews, subset: v3}}]
            """);
        using var response = await mesh.GetAsync("http://reviews:9080/x");
        var answer = await BackendAnswer.ReadAsync(response);
        Assert.Equal("reviews-v3", answer.Backend);
        Assert.Equal("reviews.example.org", answer.Headers["host"]);
        Assert.Equal("/x", answer.Path);
    }

    [Fact]
    public async Task AuthorityRewrite_WinsOverADestinationHostSet()
    {
        await using var mesh = Mesh("""
              - rewrite: {authority: from-route}
                route:
                - destination: {host: reviews, subset: v3}
                  headers:
                    request: {set: {x-other: kept}}
            """);
        using var response = await mesh.GetAsync("http://reviews:9080/x");
        var answer = await BackendAnswer.ReadAsync(response);
        Assert.Equal("from-route", answer.Headers["host"]);
        Assert.Equal("kept", answer.Headers["x-other"]);
    }

    [Theory]
    [InlineData("uri: /v1/bookRatings", "http://reviews:9080/v1/getProductRatings?id=1", 301, "http://reviews:9080/v1/bookRatings?id=1")]
    [InlineData("uri: /new\nredirectCode: 302", "http://reviews:9080/old", 302, "http://reviews:9080/new")]
    [InlineData("uri: /new\nredirectCode: 308", "http://reviews/old?q=2", 308, "http://reviews/new?q=2")]
    [InlineData("authority: bookinfo.example.com", "http://reviews:9080/a?b=c", 301, "http://bookinfo.example.com/a?b=c")]
    [InlineData("scheme: https", "http://reviews/a", 301, "https://reviews/a")]
    [InlineData("scheme: https\nauthority: secure.example.com\nuri: /login", "http://reviews:9080/a?next=1", 301, "https://secure.example.com/login?next=1")]
    [InlineData("port: 8443\nscheme: https", "http://reviews:9080/a", 301, "https://reviews:8443/a")]
    [InlineData("derivePort: FROM_REQUEST_PORT", "http://reviews:9080/a", 301, "http://reviews:9080/a")]
    [InlineData("derivePort: FROM_REQUEST_PORT\nauthority: other", "http://reviews:85/a", 301, "http://other:85/a")]
    [InlineData("derivePort: FROM_PROTOCOL_DEFAULT\nscheme: https", "http://reviews/a", 301, "https://reviews/a")]
    [InlineData("uri: '/new?x=1'", "http://reviews/old?q=2", 301, "http://reviews/new?x=1")]
    public async Task Redirect_LocationAndStatus(string redirect, string url, int status, string location)
    {
        backends.Reset();
        await using var mesh = Mesh($"""
              - redirect:
                  {redirect.Replace("\n", "\n      ", StringComparison.Ordinal)}
            """);
        using var response = await mesh.GetAsync(url);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
        Assert.All(["reviews-v1", "reviews-v2", "reviews-v3"], name => Assert.Empty(backends[name].Received));
    }

    [Fact]
    public async Task Redirect_PrefixRewrite_ReplacesTheMatchedPrefix()
    {
        await using var mesh = Mesh("""
              - match: [{uri: {prefix: /old/}}]
                # Istio's validation wants a uri, authority, scheme or port besides prefixRewrite.
                redirect: {prefixRewrite: /new/, scheme: http}
              - route: [{destination: {host: reviews, subset: v1}}]
            """);
        using var response = await mesh.GetAsync("http://reviews:9080/old/page?x=1");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("http://reviews:9080/new/page?x=1", response.Headers.Location?.OriginalString);
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync("http://reviews:9080/other"));
    }

    [Fact]
    public async Task Redirect_GetsTheRouteResponseHeaders()
    {
        await using var mesh = Mesh("""
              - redirect: {uri: /moved}
                headers:
                  response: {set: {x-redirected: 'yes'}}
            """);
        using var response = await mesh.GetAsync("http://reviews:9080/a");
        Assert.Equal("yes", MeshHarness.Header(response, "x-redirected"));
    }

    [Fact]
    public async Task DirectResponse_StatusAndBody_WithRouteResponseHeaders()
    {
        backends.Reset();
        await using var mesh = Mesh("""
              - match: [{uri: {exact: /health}}]
                directResponse:
                  status: 503
                  body: {string: 'down for maintenance'}
                headers:
                  response: {set: {content-type: text/plain, x-direct: '1'}}
              - match: [{uri: {exact: /teapot}}]
                directResponse: {status: 418}
              - route: [{destination: {host: reviews, subset: v1}}]
            """);
        using var health = await mesh.GetAsync("http://reviews:9080/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("down for maintenance", await health.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", MeshHarness.Header(health, "content-type"));
        Assert.Equal("1", MeshHarness.Header(health, "x-direct"));

        using var teapot = await mesh.GetAsync("http://reviews:9080/teapot");
        Assert.Equal(418, (int)teapot.StatusCode);
        Assert.Equal(string.Empty, await teapot.Content.ReadAsStringAsync());

        Assert.All(["reviews-v1", "reviews-v2", "reviews-v3"], name => Assert.Empty(backends[name].Received));
    }

    [Fact]
    public async Task DirectResponse_Base64Body()
    {
        await using var mesh = Mesh("""
              - directResponse:
                  status: 200
                  body: {bytes: aGVsbG8gbWVzaA==}
            """);
        using var response = await mesh.GetAsync("http://reviews:9080/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello mesh", await response.Content.ReadAsStringAsync());
    }
}
