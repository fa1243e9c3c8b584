using MeshLib.Routing;

namespace MeshLib.Tests.Routing;

public class RouteSelectorTests
{
    [Fact]
    public void FirstMatchingRouteWins()
    {
        var jason = new RouteMatch(headers: [new HeaderMatcher("end-user", StringMatcher.Exact("jason"))]);
        var selector = new RouteSelector(
        [
            new RouteEntry([jason], payload: 10),
            new RouteEntry([new RouteMatch(uri: StringMatcher.Prefix("/"))], payload: 11),
            new RouteEntry([new RouteMatch(uri: StringMatcher.Prefix("/reviews"))], payload: 12),
        ]);

        Assert.Equal(10, selector.Select(Requests.View("http://r/reviews", ("end-user", "jason")), 9080, out var matched));
        Assert.Same(jason, matched);
        Assert.Equal(11, selector.Select(Requests.View("http://r/reviews"), 9080));
    }

    [Fact]
    public void MatchBlocksAreOred_AndTheMatchingOneIsReported()
    {
        var a = new RouteMatch(uri: StringMatcher.Prefix("/a"));
        var b = new RouteMatch(uri: StringMatcher.Prefix("/b"));
        var selector = new RouteSelector([new RouteEntry([a, b], payload: 0)]);

        Assert.Equal(0, selector.Select(Requests.View("http://r/b/1"), 80, out var matched));
        Assert.Same(b, matched);
    }

    [Fact]
    public void RouteWithoutMatch_MatchesAll_AndReportsAny()
    {
        var selector = new RouteSelector(
        [
            new RouteEntry([new RouteMatch(uri: StringMatcher.Exact("/x"))], payload: 0),
            new RouteEntry([], payload: 1),
        ]);

        Assert.Equal(1, selector.Select(Requests.View("http://r/y"), 80, out var matched));
        Assert.Same(RouteMatch.Any, matched);
    }

    [Fact]
    public void NoMatch_ReturnsMinusOne()
    {
        var selector = new RouteSelector([new RouteEntry([new RouteMatch(uri: StringMatcher.Exact("/x"))], payload: 0)]);
        Assert.Equal(-1, selector.Select(Requests.View("http://r/y"), 80, out var matched));
        Assert.Null(matched);
        Assert.Equal(-1, new RouteSelector([]).Select(Requests.View("http://r/"), 80));
    }

    [Fact]
    public void Select_DoesNotAllocate()
    {
        var routes = new RouteEntry[10];
        for (var i = 0; i < 9; i++)
        {
            routes[i] = new RouteEntry(
            [
                new RouteMatch(
                    uri: StringMatcher.Regex($@"/api/v{i}/items/\d+"),
                    headers: [new HeaderMatcher("end-user", StringMatcher.Exact("user" + i))],
                    withoutHeaders: [new HeaderMatcher("x-skip", StringMatcher.Exact("yes"), invert: true)],
                    queryParams: [new QueryParamMatcher("page", StringMatcher.Regex(@"\d+"))]),
                new RouteMatch(method: StringMatcher.Exact("DELETE"), authority: StringMatcher.Prefix("other")),
            ],
            payload: i);
        }

        routes[9] = new RouteEntry(
        [
            new RouteMatch(
                uri: StringMatcher.Regex(@"/api/v\d+/items/\d+"),
                headers: [new HeaderMatcher("end-user", StringMatcher.Regex("jas.n")), new HeaderMatcher(":method", StringMatcher.Exact("GET"))],
                queryParams: [new QueryParamMatcher("page", StringMatcher.Regex(@"\d+"))]),
        ],
        payload: 9);

        var selector = new RouteSelector(routes);
        var view = Requests.View("http://reviews:9080/api/v3/items/42?page=7", ("end-user", "jason"), ("x-request-id", "abc"));
        Assert.Equal(9, selector.Select(view, 9080, out _)); // warm-up: regex state, JIT

        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = 0;
        for (var i = 0; i < 1_000; i++)
        {
            total += selector.Select(view, 9080, out _);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(9_000, total);
        Assert.Equal(0, allocated);
    }
}
