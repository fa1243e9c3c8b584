using MeshLib.Routing;

namespace MeshLib.Tests.Routing;

public class RedirectBuilderTests
{
    private static string Location(RedirectBuilder redirect, string url, int port, RouteMatch? matched = null, params (string, string)[] headers) =>
        redirect.BuildLocation(Requests.View(url, headers), matched ?? RouteMatch.Any, port);

    [Fact]
    public void Uri_ReplacesTheWholePath_AndKeepsTheQuery()
    {
        var redirect = new RedirectBuilder(uri: "/v1/bookRatings");
        Assert.Equal(301, redirect.StatusCode);
        Assert.Equal("http://ratings/v1/bookRatings?id=1", Location(redirect, "http://ratings/v1/getProductRatings/x?id=1", 80, new RouteMatch(uri: StringMatcher.Prefix("/v1/getProductRatings"))));
    }

    [Fact]
    public void Uri_WithItsOwnQuery_ReplacesTheRequestQuery() =>
        Assert.Equal("http://b/x?y=2", Location(new RedirectBuilder(uri: "/x?y=2"), "http://b/a?q=1", 80));

    [Fact]
    public void PrefixRewrite_ReplacesTheMatchedPrefix()
    {
        // istio-api.md §9: prefix /foo/ with / turns /foo/bar into /bar.
        var matched = new RouteMatch(uri: StringMatcher.Prefix("/foo/"));
        Assert.Equal("http://b/bar?x=1", Location(new RedirectBuilder(prefixRewrite: "/"), "http://b/foo/bar?x=1", 80, matched));
    }

    [Fact]
    public void Authority_ReplacesTheHost() =>
        Assert.Equal("http://newratings.default.svc.cluster.local/p", Location(new RedirectBuilder(authority: "newratings.default.svc.cluster.local"), "http://ratings:9080/p", 9080));

    [Fact]
    public void Scheme_ChangesTheScheme() =>
        Assert.Equal("https://b/foo", Location(new RedirectBuilder(scheme: "https"), "http://b/foo", 80));

    [Fact]
    public void FromRequestPort_OmitsTheSchemeDefault()
    {
        // istio-api.md §9 observed: http://b/foo for a request to b on port 80.
        var redirect = new RedirectBuilder(derivePort: RedirectPortDerivation.FromRequestPort);
        Assert.Equal("http://b/foo", Location(redirect, "http://b/foo", 80));
    }

    [Fact]
    public void FromRequestPort_KeepsAnotherPort()
    {
        // istio-api.md §9 observed: http://b:85/foo on port 85.
        var redirect = new RedirectBuilder(derivePort: RedirectPortDerivation.FromRequestPort);
        Assert.Equal("http://b:85/foo", Location(redirect, "http://b:85/foo", 85));
    }

    [Fact]
    public void FromRequestPort_WithHttpsScheme_KeepsPort80()
    {
        // istio-api.md §9 observed: https://h:80/foo when scheme: https is used on port 80.
        var redirect = new RedirectBuilder(scheme: "https", derivePort: RedirectPortDerivation.FromRequestPort);
        Assert.Equal("https://h:80/foo", Location(redirect, "http://h/foo", 80));
    }

    [Fact]
    public void ExplicitHostPort_IsKept_WhenNoPortIsSet()
    {
        // istio-api.md §9: a Host with an explicit port (b:80) and no port set → http://b:80/foo.
        Assert.Equal("http://b:80/foo", Location(new RedirectBuilder(uri: "/foo"), "http://x/old", 80, null, ("Host", "b:80")));
    }

    [Fact]
    public void FromProtocolDefault_AddsNoPort()
    {
        var redirect = new RedirectBuilder(derivePort: RedirectPortDerivation.FromProtocolDefault);
        Assert.Equal("http://b/foo", Location(redirect, "http://b/foo", 85, null, ("Host", "b")));
        // Istio writes no port_redirect for it ("Envoy's default behavior"), so a port the client put in Host stays.
        Assert.Equal("http://b:85/foo", Location(redirect, "http://b:85/foo", 85));
    }

    [Fact]
    public void ExplicitPort_ReplacesTheRequestPort()
    {
        Assert.Equal("http://b:8080/foo", Location(new RedirectBuilder(port: 8080), "http://b:85/foo", 85));
        Assert.Equal("https://b:8443/foo", Location(new RedirectBuilder(scheme: "https", port: 8443), "http://b/foo", 80));
    }

    [Fact]
    public void ExplicitDefaultPort_IsDropped_LikeNoPort()
    {
        // Istio zeroes port_redirect for 80 with http and 443 with https, which then behaves as if no port were
        // set: the Host is used as sent.
        Assert.Equal("http://b/foo", Location(new RedirectBuilder(port: 80), "http://b/foo", 80));
        Assert.Equal("http://b:85/foo", Location(new RedirectBuilder(port: 80), "http://b:85/foo", 85));
        Assert.Equal("https://b/foo", Location(new RedirectBuilder(scheme: "https", port: 443), "http://b/foo", 80));
    }

    [Fact]
    public void SchemeChange_DropsTheOldDefaultPortFromTheHost() =>
        Assert.Equal("https://b/foo", Location(new RedirectBuilder(scheme: "https"), "http://x/foo", 80, null, ("Host", "b:80")));

    [Theory]
    [InlineData(0u, 301)]
    [InlineData(301u, 301)]
    [InlineData(302u, 302)]
    [InlineData(303u, 303)]
    [InlineData(307u, 307)]
    [InlineData(308u, 308)]
    public void RedirectCode_DefaultsTo301(uint code, int expected) =>
        Assert.Equal(expected, new RedirectBuilder(uri: "/x", redirectCode: code).StatusCode);

    [Fact]
    public void UnsupportedRedirectCode_IsRejected()
    {
        Assert.False(RedirectBuilder.IsSupportedCode(300));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RedirectBuilder(uri: "/x", redirectCode: 304));
    }
}
