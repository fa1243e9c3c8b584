using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Http;

/// <summary>Route- and destination-level header operations on requests and responses, their precedence, and authority rewrites.</summary>
public sealed class HeaderOperationsTests : IClassFixture<ReviewsBackends>, IDisposable
{
    private const string Url = "http://reviews:9080/reviews/0";
    private readonly ReviewsBackends _backends;

    public HeaderOperationsTests(ReviewsBackends backends)
    {
        _backends = backends;
        backends.Reset();

        // Every backend answers with two headers a response operation can change or remove.
        foreach (var name in new[] { "reviews-v1", "reviews-v2", "reviews-v3" })
        {
            backends[name].Handler = context =>
            {
                context.Response.Headers["x-upstream"] = "yes";
                context.Response.Headers["x-secret"] = "hidden";
                return Task.FromResult(false);
            };
        }
    }

    public void Dispose() => _backends.Reset();

    private MeshHarness Mesh(string http) => MeshHarness.FromYaml(_backends.Registry, ReviewsBackends.Subsets("loadBalancer: {simple: RANDOM}"), $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {"{"}name: reviews{"}"}
        spec:
          hosts: [reviews]
          http:
        {http}
        """);

    [Fact]
    public async Task RouteLevel_RequestSetAddRemove()
    {
        await using var mesh = Mesh("""
              - headers:
                  request:
                    set: {x-set: route, x-replaced: new}
                    add: {x-added: route, x-multi: second}
                    remove: [x-remove-me]
                route:
                - destination: {host: reviews, subset: v1}
            """);
        using var response = await mesh.GetAsync(Url, ("x-replaced", "old"), ("x-multi", "first"), ("x-remove-me", "1"), ("x-kept", "1"));
        var headers = (await BackendAnswer.ReadAsync(response)).Headers;
        Assert.Equal("route", headers["x-set"]);
        Assert.Equal("new", headers["x-replaced"]);
        Assert.Equal("route", headers["x-added"]);
        Assert.Equal("first, second", headers["x-multi"]);
        Assert.False(headers.ContainsKey("x-remove-me"));
        Assert.Equal("1", headers["x-kept"]);
    }

    [Fact]
    public async Task RouteLevel_ResponseSetAddRemove()
    {
        await using var mesh = Mesh("""
              - headers:
                  response:
                    set: {x-upstream: overwritten, x-route: set}
                    add: {x-added: route}
                    remove: [x-secret]
                route:
                - destination: {host: reviews, subset: v1}
            """);
        using var response = await mesh.GetAsync(Url);
        Assert.Equal("overwritten", MeshHarness.Header(response, "x-upstream"));
        Assert.Equal("set", MeshHarness.Header(response, "x-route"));
        Assert.Equal("route", MeshHarness.Header(response, "x-added"));
        Assert.Null(MeshHarness.Header(response, "x-secret"));
    }

    [Fact]
    public async Task DestinationLevel_RequestAndResponse()
    {
        await using var mesh = Mesh("""
              - route:
                - destination: {host: reviews, subset: v2}
                  headers:
                    request:
                      set: {x-destination: v2}
                      remove: [x-drop]
                    response:
                      add: {x-served-by: v2}
                      remove: [x-secret]
            """);
        using var response = await mesh.GetAsync(Url, ("x-drop", "1"));
        Assert.Equal("v2", MeshHarness.Header(response, "x-served-by"));
        Assert.Null(MeshHarness.Header(response, "x-secret"));
        Assert.Equal("yes", MeshHarness.Header(response, "x-upstream"));
        var answer = await BackendAnswer.ReadAsync(response);
        Assert.Equal("reviews-v2", answer.Backend);
        Assert.Equal("v2", answer.Headers["x-destination"]);
        Assert.False(answer.Headers.ContainsKey("x-drop"));
    }

    [Fact]
    public async Task SingleDestination_TheDestinationSetWins()
    {
        await using var mesh = Mesh("""
              - headers:
                  request: {set: {x-who: route}}
                  response: {set: {x-who: route}}
                route:
                - destination: {host: reviews, subset: v1}
                  headers:
                    request: {set: {x-who: destination}}
                    response: {set: {x-who: destination}}
            """);
        using var response = await mesh.GetAsync(Url);
        Assert.Equal("destination", MeshHarness.Header(response, "x-who"));
        Assert.Equal("destination", (await BackendAnswer.ReadAsync(response)).Headers["x-who"]);
    }

    [Fact]
    public async Task WeightedDestinations_TheRouteSetWins_AndEachDestinationAddsItsOwn()
    {
        await using var mesh = Mesh("""
              - headers:
                  request: {set: {x-who: route}}
                  response: {set: {x-who: route}}
                route:
                - destination: {host: reviews, subset: v1}
                  weight: 50
                  headers:
                    request: {set: {x-who: v1, x-dest: v1}}
                    response: {set: {x-who: v1, x-dest: v1}}
                - destination: {host: reviews, subset: v2}
                  weight: 50
                  headers:
                    request: {set: {x-who: v2, x-dest: v2}}
                    response: {set: {x-who: v2, x-dest: v2}}
            """);
        var seen = new HashSet<string>();
        for (var i = 0; i < 40 && seen.Count < 2; i++)
        {
            using var response = await mesh.GetAsync(Url);
            var answer = await BackendAnswer.ReadAsync(response);
            var version = answer.Backend[^2..];
            seen.Add(version);
            Assert.Equal("route", MeshHarness.Header(response, "x-who"));
            Assert.Equal("route", answer.Headers["x-who"]);
            Assert.Equal(version, answer.Headers["x-dest"]);
            Assert.Equal(version, MeshHarness.Header(response, "x-dest"));
        }

        Assert.Equal(2, seen.Count);
    }

    [Theory]
    [InlineData(":authority")]
    [InlineData("Host")]
    public async Task SettingTheAuthority_RewritesTheHostSent(string header)
    {
        await using var mesh = Mesh($$"""
              - headers:
                  request:
                    set: {'{{header}}': reviews.internal.example}
                route:
                - destination: {host: reviews, subset: v1}
            """);
        using var response = await mesh.GetAsync(Url);
        var answer = await BackendAnswer.ReadAsync(response);
        Assert.Equal("reviews-v1", answer.Backend);
        Assert.Equal("reviews.internal.example", answer.Headers["host"]);
    }

    [Fact]
    public async Task DestinationLevelAuthority_AppliesWhenTheRouteSetsNone()
    {
        await using var mesh = Mesh("""
              - route:
                - destination: {host: reviews, subset: v3}
                  headers:
                    request: {set: {':authority': v3.reviews.local}}
            """);
        using var response = await mesh.GetAsync(Url);
        Assert.Equal("v3.reviews.local", (await BackendAnswer.ReadAsync(response)).Headers["host"]);
    }

    [Fact]
    public async Task EmptyValues_AreNotWritten()
    {
        await using var mesh = Mesh("""
              - headers:
                  request: {set: {x-empty: ''}}
                route:
                - destination: {host: reviews, subset: v1}
            """);
        using var response = await mesh.GetAsync(Url);
        Assert.False((await BackendAnswer.ReadAsync(response)).Headers.ContainsKey("x-empty"));
    }
}
