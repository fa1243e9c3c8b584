using MeshLib.Routing;

namespace MeshLib.Tests.Routing;

public class RouteMatchTests
{
    private static bool Matches(RouteMatch match, string url, int port = 9080, params (string, string)[] headers) =>
        match.Matches(Requests.View(url, headers), port);

    [Fact]
    public void EmptyBlock_MatchesEverything() => Assert.True(Matches(RouteMatch.Any, "http://r/anything?x"));

    [Theory]
    [InlineData("http://r/reviews", true)]
    [InlineData("http://r/reviews?x=1", true)] // the query is not part of the path
    [InlineData("http://r/reviews/1", false)]
    [InlineData("http://r/Reviews", false)]
    public void Uri_Exact_IgnoresTheQuery(string url, bool expected) =>
        Assert.Equal(expected, Matches(new RouteMatch(uri: StringMatcher.Exact("/reviews")), url));

    [Theory]
    [InlineData("http://r/Reviews/1", true)]
    [InlineData("http://r/REVIEWS", true)]
    public void Uri_IgnoreUriCase(string url, bool expected) =>
        Assert.Equal(expected, Matches(new RouteMatch(uri: StringMatcher.Prefix("/reviews", ignoreCase: true)), url));

    [Theory]
    [InlineData("http://r/reviews/7", true)]
    [InlineData("http://r/x/reviews/7", false)]
    [InlineData("http://r/reviews/7?page=2", true)]
    public void Uri_Regex_MatchesTheWholePathOnly(string url, bool expected) =>
        Assert.Equal(expected, Matches(new RouteMatch(uri: StringMatcher.Regex(@"/reviews/\d+")), url));

    [Fact]
    public void Uri_RegexIgnoresIgnoreUriCase()
    {
        // Envoy ignores case_sensitive for safe_regex; only (?i) helps (istio-api.md §4).
        Assert.False(Matches(new RouteMatch(uri: StringMatcher.Regex("/reviews")), "http://r/REVIEWS"));
        Assert.True(Matches(new RouteMatch(uri: StringMatcher.Regex("(?i)/reviews")), "http://r/REVIEWS"));
    }

    [Fact]
    public void Method_IsCaseSensitive()
    {
        var match = new RouteMatch(method: StringMatcher.Exact("POST"));
        Assert.True(match.Matches(Requests.View(HttpMethod.Post, "http://r/"), 80));
        Assert.False(match.Matches(Requests.View(HttpMethod.Get, "http://r/"), 80));
        Assert.False(new RouteMatch(method: StringMatcher.Exact("post")).Matches(Requests.View(HttpMethod.Post, "http://r/"), 80));
    }

    [Fact]
    public void Scheme_MatchesTheRequestScheme()
    {
        var match = new RouteMatch(scheme: StringMatcher.Exact("https"));
        Assert.True(Matches(match, "https://r/"));
        Assert.False(Matches(match, "http://r/"));
    }

    [Fact]
    public void Authority_IsMatchedAsSent_PortIncluded()
    {
        // Envoy matches `authority` as a header matcher on :authority, which keeps the port the client sent; only
        // virtual-host selection ignores the port (istio-api.md §0). A regex covers both forms.
        var exact = new RouteMatch(authority: StringMatcher.Exact("reviews"));
        Assert.True(Matches(exact, "http://reviews/"));
        Assert.False(Matches(exact, "http://reviews:9080/"));

        var prefix = new RouteMatch(authority: StringMatcher.Prefix("reviews"));
        Assert.True(Matches(prefix, "http://reviews:9080/"));

        var regex = new RouteMatch(authority: StringMatcher.Regex(@"reviews(:\d+)?"));
        Assert.True(Matches(regex, "http://reviews/"));
        Assert.True(Matches(regex, "http://reviews:9080/"));
        Assert.False(Matches(regex, "http://ratings:9080/"));
    }

    [Fact]
    public void Port_LimitsTheBlockToOneDestinationPort()
    {
        var match = new RouteMatch(port: 9080);
        Assert.True(Matches(match, "http://r/", port: 9080));
        Assert.False(Matches(match, "http://r/", port: 8080));
        Assert.True(Matches(new RouteMatch(port: 0), "http://r/", port: 8080)); // 0 is unset in Istio
    }

    [Fact]
    public void AllConditions_AreAnded()
    {
        var match = new RouteMatch(
            uri: StringMatcher.Prefix("/api"),
            method: StringMatcher.Exact("GET"),
            headers: [new HeaderMatcher("end-user", StringMatcher.Exact("jason"))],
            withoutHeaders: [new HeaderMatcher("x-canary", StringMatcher.Presence(), invert: true)],
            queryParams: [new QueryParamMatcher("v", StringMatcher.Exact("2"))]);

        Assert.True(Matches(match, "http://r/api/x?v=2", 80, ("end-user", "jason")));
        Assert.False(Matches(match, "http://r/api/x?v=1", 80, ("end-user", "jason")));
        Assert.False(Matches(match, "http://r/api/x?v=2", 80, ("end-user", "mike")));
        Assert.False(Matches(match, "http://r/api/x?v=2", 80, ("end-user", "jason"), ("x-canary", "1")));
        Assert.False(Matches(match, "http://r/web?v=2", 80, ("end-user", "jason")));
    }

    [Fact]
    public void InvertFlag_MustMatchTheList()
    {
        Assert.Throws<ArgumentException>(() => new RouteMatch(headers: [new HeaderMatcher("a", StringMatcher.Presence(), invert: true)]));
        Assert.Throws<ArgumentException>(() => new RouteMatch(withoutHeaders: [new HeaderMatcher("a", StringMatcher.Presence())]));
    }

    [Fact]
    public void RewritablePrefix_FollowsTheUriKind()
    {
        Assert.Equal("/api", new RouteMatch(uri: StringMatcher.Prefix("/api")).RewritablePrefix);
        Assert.Equal("/", RouteMatch.Any.RewritablePrefix);
        Assert.Null(new RouteMatch(uri: StringMatcher.Exact("/api")).RewritablePrefix);
        Assert.Null(new RouteMatch(uri: StringMatcher.Regex("/api")).RewritablePrefix);
    }

    [Fact]
    public void AppliesTo_SourceLabelsAreASubset_AndNamespaceMustEqual()
    {
        var workload = new Dictionary<string, string> { ["app"] = "productpage", ["version"] = "v1" };
        Assert.True(RouteMatch.AppliesTo(null, null, workload, "default"));
        Assert.True(RouteMatch.AppliesTo(new Dictionary<string, string> { ["app"] = "productpage" }, null, workload, "default"));
        Assert.False(RouteMatch.AppliesTo(new Dictionary<string, string> { ["app"] = "reviews" }, null, workload, "default"));
        Assert.False(RouteMatch.AppliesTo(new Dictionary<string, string> { ["tier"] = "web" }, null, workload, "default"));
        Assert.True(RouteMatch.AppliesTo(null, "default", workload, "default"));
        Assert.False(RouteMatch.AppliesTo(null, "other", workload, "default"));
    }
}
