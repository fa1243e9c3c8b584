using MeshLib.Routing;

namespace MeshLib.Tests.Routing;

public class RequestViewTests
{
    [Fact]
    public void Parts_ComeFromTheUri()
    {
        var view = Requests.View(HttpMethod.Post, "http://reviews:9080/a%2Fb/c?x=1&y#frag");

        Assert.Equal("POST", view.Method);
        Assert.Equal("http", view.Scheme);
        Assert.Equal("reviews:9080", view.Authority);
        Assert.Equal("reviews", view.HostWithoutPort.ToString());
        Assert.Equal(9080, view.Port);
        Assert.True(view.HasExplicitPort);
        Assert.Equal("/a%2Fb/c", view.Path.ToString()); // raw, not unescaped
        Assert.Equal("x=1&y", view.Query.ToString());
        Assert.Equal("/a%2Fb/c?x=1&y", view.PathAndQuery);
    }

    [Fact]
    public void DefaultPort_IsNotPartOfTheAuthority()
    {
        var view = Requests.View("http://reviews/");
        Assert.Equal("reviews", view.Authority);
        Assert.Equal(80, view.Port);
        Assert.False(view.HasExplicitPort);
        Assert.False(view.HasQuery);
        Assert.True(view.Query.IsEmpty);
    }

    [Fact]
    public void HostHeader_WinsOverTheUri()
    {
        var view = Requests.View("http://10.0.0.1:9080/", ("Host", "ratings.default:8080"));
        Assert.Equal("ratings.default:8080", view.Authority);
        Assert.Equal("ratings.default", view.HostWithoutPort.ToString());
        Assert.Equal(8080, view.Port);
    }

    [Fact]
    public void Ipv6Authority_KeepsTheBrackets()
    {
        var view = Requests.View("http://[::1]:8080/");
        Assert.Equal("[::1]", view.HostWithoutPort.ToString());
        Assert.Equal(8080, view.Port);
    }

    [Theory]
    [InlineData(":method", "GET")]
    [InlineData(":authority", "reviews:9080")]
    [InlineData(":path", "/p?q=1")]
    [InlineData(":scheme", "http")]
    public void PseudoHeaders_ResolveToRequestParts(string name, string expected)
    {
        var view = Requests.View("http://reviews:9080/p?q=1");
        Assert.True(view.TryGetHeader(name, out var value));
        Assert.Equal(expected, value.ToString());
    }

    [Fact]
    public void Headers_NamesAreCaseInsensitive()
    {
        var view = Requests.View("http://r/", ("End-User", "jason"));
        Assert.True(view.TryGetHeader("end-user", out var value));
        Assert.Equal("jason", value.ToString());
    }

    [Fact]
    public void Headers_SeveralValuesJoinWithComma()
    {
        var request = Requests.Message("http://r/");
        request.Headers.TryAddWithoutValidation("x-a", "1");
        request.Headers.TryAddWithoutValidation("x-a", "2");
        Assert.True(new RequestView(request).TryGetHeader("x-a", out var value));
        Assert.Equal("1,2", value.ToString());
    }

    [Fact]
    public void Headers_ContentHeadersAreFound()
    {
        var view = Requests.View("http://r/", ("Content-Type", "application/json"));
        Assert.True(view.TryGetHeader("content-type", out var value));
        Assert.Equal("application/json", value.ToString());
    }

    [Fact]
    public void Headers_HostIsOnlyVisibleAsAuthority()
    {
        // Envoy turns Host into :authority, so a "host" header matcher finds nothing (istio/istio#23083).
        var view = Requests.View("http://r/", ("Host", "r"));
        Assert.False(view.TryGetHeader("host", out _));
        Assert.False(view.TryGetHeader(":status", out _));
        Assert.False(view.TryGetHeader("x-missing", out _));
    }

    [Theory]
    [InlineData("http://reviews:9080/x")]
    [InlineData("http://Reviews:80/x")]
    [InlineData("https://a.b:443/")]
    [InlineData("https://a.b:8443/")]
    [InlineData("http://[::1]:8080/x")]
    [InlineData("http://[FE80::1%25eth0]/x")]
    [InlineData("http://user:pw@host:81/p")]
    [InlineData("http://xn--bcher-kva.de:99/x")]
    [InlineData("http://h:0/x")]
    [InlineData("ws://h:8080/x")]
    public void AuthorityWithoutHostHeader_IsTheUriAuthority(string url)
    {
        var uri = new Uri(url);
        var view = Requests.View(url);

        Assert.Equal(uri.Authority, view.Authority);
        Assert.Equal(uri.Host, view.HostWithoutPort.ToString());
        Assert.Equal(uri.Port, view.Port);
        Assert.Equal(!uri.IsDefaultPort, view.HasExplicitPort);
    }

    [Fact]
    public void AuthorityText_IsSharedBetweenRequests()
    {
        var first = Requests.View("http://reviews:9080/a").Authority;
        var second = Requests.View("http://reviews:9080/b").Authority;

        Assert.Same(first, second);
        Assert.Equal("reviews:9081", Requests.View("http://reviews:9081/a").Authority);
        Assert.Equal("ratings:9080", Requests.View("http://ratings:9080/a").Authority);
    }

    [Fact]
    public void AuthorityTexts_SameSlot_DifferentAuthorities_StayDistinct()
    {
        // Many hosts on one port: some share a slot of the small table, and each must still get its own text.
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal($"host-{i}:8080", AuthorityTexts.Of($"host-{i}", 8080));
        }

        for (var i = 0; i < 500; i++)
        {
            Assert.Equal($"host-{i}:8080", AuthorityTexts.Of($"host-{i}", 8080));
        }
    }
}
