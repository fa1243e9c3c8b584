using System.Net;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Http;

/// <summary>A root VirtualService delegating to another: the delegate's routes are flattened into the root.</summary>
public sealed class DelegateTests(ReviewsBackends backends) : IClassFixture<ReviewsBackends>
{
    private const string Root = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews-root}
        spec:
          hosts: [reviews]
          http:
          - name: api
            match: [{uri: {prefix: /reviews}}]
            headers:
              request: {set: {x-from-root: 'yes'}}
            delegate: {name: reviews-delegate}
          - name: rest
            route: [{destination: {host: reviews, subset: v3}}]
        """;

    private const string Delegate = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews-delegate}
        spec:
          http:
          - name: beta
            match: [{uri: {prefix: /reviews/beta}}]
            route: [{destination: {host: reviews, subset: v2}}]
          - name: stable
            route: [{destination: {host: reviews, subset: v1}}]
        """;

    [Theory]
    [InlineData("/reviews/beta/1", "reviews-v2")]
    [InlineData("/reviews/1", "reviews-v1")]
    [InlineData("/reviews", "reviews-v1")]
    [InlineData("/ratings", "reviews-v3")]
    public async Task DelegateRoutes_AreMergedWithTheRootMatch(string path, string expected)
    {
        await using var mesh = MeshHarness.FromYaml(backends.Registry, ReviewsBackends.Subsets(), Root, Delegate);
        Assert.Equal(expected, await mesh.BackendOfAsync("http://reviews:9080" + path));
    }

    [Fact]
    public async Task DelegateRoutes_InheritTheRootHeaders()
    {
        await using var mesh = MeshHarness.FromYaml(backends.Registry, ReviewsBackends.Subsets(), Root, Delegate);
        using var delegated = await mesh.GetAsync("http://reviews:9080/reviews/beta");
        Assert.Equal("yes", (await BackendAnswer.ReadAsync(delegated)).Headers["x-from-root"]);
        using var rest = await mesh.GetAsync("http://reviews:9080/other");
        Assert.False((await BackendAnswer.ReadAsync(rest)).Headers.ContainsKey("x-from-root"));
    }

    [Fact]
    public async Task DelegateMatchOutsideTheRootMatch_IsDropped()
    {
        var conflicting = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews-delegate}
            spec:
              http:
              - match: [{uri: {prefix: /ratings}}]
                route: [{destination: {host: reviews, subset: v2}}]
            """;
        await using var mesh = MeshHarness.FromYaml(backends.Registry, ReviewsBackends.Subsets(), Root, conflicting);
        using var response = await mesh.GetAsync("http://reviews:9080/ratings");
        // /ratings is outside the root's /reviews match; the delegate's route cannot widen it, so the rest route answers.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("reviews-v3", (await BackendAnswer.ReadAsync(response)).Backend);
        using var reviews = await mesh.GetAsync("http://reviews:9080/reviews/ratings");
        Assert.Equal("reviews-v3", (await BackendAnswer.ReadAsync(reviews)).Backend);
    }

    [Fact]
    public async Task MissingDelegate_ContributesNoRoutes()
    {
        await using var mesh = MeshHarness.FromYaml(backends.Registry, ReviewsBackends.Subsets(), Root);
        Assert.Equal("reviews-v3", await mesh.BackendOfAsync("http://reviews:9080/reviews/1"));
    }
}
