using MeshLib.Routing;

namespace MeshLib.Tests.Routing;

public class PathRewriterTests
{
    private static string Rewrite(PathRewriter rewriter, RouteMatch matched, string url) =>
        rewriter.Rewrite(Requests.View(url), matched);

    [Fact]
    public void Uri_AfterPrefixMatch_ReplacesThePrefix_AndKeepsTheQuery()
    {
        var matched = new RouteMatch(uri: StringMatcher.Prefix("/foo"));
        // istio-api.md §8: /foo?key=value → /new/path?key=value
        Assert.Equal("/new/path?key=value", Rewrite(new PathRewriter(uri: "/new/path"), matched, "http://r/foo?key=value"));
        Assert.Equal("/new/path/bar", Rewrite(new PathRewriter(uri: "/new/path"), matched, "http://r/foo/bar"));
        Assert.Equal("/v2bar", Rewrite(new PathRewriter(uri: "/v2"), matched, "http://r/foobar"));
    }

    [Fact]
    public void Uri_Slash_AfterPrefixMatch_LeavesTheRest()
    {
        // The rest keeps its own slash: /common/api → //api (istio/istio#26828), /common/ → /.
        var matched = new RouteMatch(uri: StringMatcher.Prefix("/common"));
        Assert.Equal("//api", Rewrite(new PathRewriter(uri: "/"), matched, "http://r/common/api"));
        var withSlash = new RouteMatch(uri: StringMatcher.Prefix("/common/"));
        Assert.Equal("/api?x=1", Rewrite(new PathRewriter(uri: "/"), withSlash, "http://r/common/api?x=1"));
    }

    [Fact]
    public void Uri_AfterIgnoreCasePrefix_ReplacesThePrefixLength()
    {
        var matched = new RouteMatch(uri: StringMatcher.Prefix("/api", ignoreCase: true));
        Assert.Equal("/v2/Items", Rewrite(new PathRewriter(uri: "/v2"), matched, "http://r/API/Items"));
    }

    [Fact]
    public void Uri_AfterExactOrRegexMatch_ReplacesTheWholePath()
    {
        Assert.Equal("/new?q=1", Rewrite(new PathRewriter(uri: "/new"), new RouteMatch(uri: StringMatcher.Exact("/old")), "http://r/old?q=1"));
        Assert.Equal("/new", Rewrite(new PathRewriter(uri: "/new"), new RouteMatch(uri: StringMatcher.Regex("/o.*")), "http://r/old/x"));
    }

    [Fact]
    public void Uri_WithoutUriMatch_ReplacesTheDefaultSlashPrefix()
    {
        // Istio emits prefix "/" for a block without uri, and Envoy's prefix_rewrite replaces just that "/".
        Assert.Equal("/v2/foo?x", Rewrite(new PathRewriter(uri: "/v2/"), RouteMatch.Any, "http://r/foo?x"));
        Assert.Equal("/pathfoo", Rewrite(new PathRewriter(uri: "/path"), new RouteMatch(method: StringMatcher.Exact("GET")), "http://r/foo"));
    }

    [Fact]
    public void RegexRewrite_SubstitutesGroups_AndKeepsTheQuery()
    {
        var rewriter = new PathRewriter(regexMatch: @"^/service/([^/]+)(/.*)$", regexRewrite: @"\2/instance/\1");
        Assert.Equal("/v1/api/instance/foo?x=1", Rewrite(rewriter, RouteMatch.Any, "http://r/service/foo/v1/api?x=1"));
    }

    [Fact]
    public void RegexRewrite_ReplacesEveryMatch()
    {
        // Envoy's regex_rewrite is RE2::GlobalReplace on the path.
        var rewriter = new PathRewriter(regexMatch: "o", regexRewrite: "0");
        Assert.Equal("/f00/b00", Rewrite(rewriter, RouteMatch.Any, "http://r/foo/boo"));
    }

    [Fact]
    public void RegexRewrite_DoesNotTouchTheQuery()
    {
        var rewriter = new PathRewriter(regexMatch: "a", regexRewrite: "b");
        Assert.Equal("/b?a=a", Rewrite(rewriter, RouteMatch.Any, "http://r/a?a=a"));
    }

    [Theory]
    [InlineData(@"\1-\2", "${1}-${2}")]
    [InlineData(@"\0", "${0}")]
    [InlineData("$5", "$$5")]
    [InlineData(@"a\\b", @"a\b")]
    public void ToDotNetSubstitution_TranslatesRe2Syntax(string re2, string expected) =>
        Assert.Equal(expected, PathRewriter.ToDotNetSubstitution(re2));

    [Fact]
    public void AuthorityOnly_KeepsThePath()
    {
        var rewriter = new PathRewriter(authority: "ratings.prod");
        Assert.False(rewriter.RewritesPath);
        Assert.Equal("ratings.prod", rewriter.Authority);
        Assert.Equal("/a?b", Rewrite(rewriter, RouteMatch.Any, "http://r/a?b"));
    }

    [Fact]
    public void UriAndRegexRewrite_AreExclusive() =>
        Assert.Throws<ArgumentException>(() => new PathRewriter(uri: "/a", regexMatch: "x", regexRewrite: "y"));
}
