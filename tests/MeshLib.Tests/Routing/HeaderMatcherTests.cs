using MeshLib.Routing;

namespace MeshLib.Tests.Routing;

public class HeaderMatcherTests
{
    private static readonly (string, string)[] Jason = [("end-user", "jason")];
    private static readonly (string, string)[] Mike = [("end-user", "mike")];
    private static readonly (string, string)[] Empty = [("end-user", "")];
    private static readonly (string, string)[] None = [];

    private static bool Headers(StringMatcher matcher, (string, string)[] headers) =>
        new HeaderMatcher("end-user", matcher).Matches(Requests.View("http://r/", headers));

    private static bool WithoutHeaders(StringMatcher matcher, (string, string)[] headers) =>
        new HeaderMatcher("end-user", matcher, invert: true).Matches(Requests.View("http://r/", headers));

    [Fact]
    public void Headers_Exact_ValuesAreCaseSensitive()
    {
        Assert.True(Headers(StringMatcher.Exact("jason"), Jason));
        Assert.False(Headers(StringMatcher.Exact("Jason"), Jason));
        Assert.False(Headers(StringMatcher.Exact("jason"), Mike));
    }

    [Fact]
    public void Headers_NameIsCaseInsensitive() =>
        Assert.True(new HeaderMatcher("END-USER", StringMatcher.Exact("jason")).Matches(Requests.View("http://r/", Jason)));

    [Fact]
    public void Headers_PrefixAndRegex()
    {
        Assert.True(Headers(StringMatcher.Prefix("ja"), Jason));
        Assert.True(Headers(StringMatcher.Regex("j.*n"), Jason));
        Assert.False(Headers(StringMatcher.Regex("j"), Jason)); // anchored
    }

    [Fact]
    public void Headers_AbsentHeader_NeverMatches()
    {
        // istio-api.md §4: a `headers` entry needs the header; Envoy's matcher fails on absence for every form.
        Assert.False(Headers(StringMatcher.Exact("jason"), None));
        Assert.False(Headers(StringMatcher.Regex(".*"), None));
        Assert.False(Headers(StringMatcher.Presence(), None));
        Assert.False(Headers(StringMatcher.Exact(""), None));
    }

    [Fact]
    public void Headers_Presence_MatchesAnyValueIncludingEmpty()
    {
        Assert.True(Headers(StringMatcher.Presence(), Jason));
        Assert.True(Headers(StringMatcher.Presence(), Empty));
    }

    [Fact]
    public void WithoutHeaders_PassesWhenTheValueDiffers()
    {
        Assert.True(WithoutHeaders(StringMatcher.Exact("jason"), Mike));
        Assert.False(WithoutHeaders(StringMatcher.Exact("jason"), Jason));
    }

    [Fact]
    public void WithoutHeaders_AbsentHeaderCountsAsEmptyString()
    {
        // istio-api.md §4: exact: jason with the header absent is "not jason", so the block matches.
        Assert.True(WithoutHeaders(StringMatcher.Exact("jason"), None));
        Assert.True(WithoutHeaders(StringMatcher.Prefix("j"), None));
        // ... and as "" it fails an entry that matches the empty string.
        Assert.False(WithoutHeaders(StringMatcher.Exact(""), None));
    }

    [Fact]
    public void WithoutHeaders_Presence_AbsentPasses_PresentFails()
    {
        // istio-api.md §4: presence-style entries ({} or regex "*") match the block when the header is missing.
        Assert.True(WithoutHeaders(StringMatcher.Presence(), None));
        Assert.True(WithoutHeaders(StringMatcher.Regex("*"), None));
        Assert.False(WithoutHeaders(StringMatcher.Presence(), Jason));
        Assert.False(WithoutHeaders(StringMatcher.Presence(), Empty));
    }

    [Fact]
    public void WithoutHeaders_DotStar_NeverPasses()
    {
        // istio-api.md §4: an absent header still matches ".*" (as ""), so the block never matches.
        Assert.False(WithoutHeaders(StringMatcher.Regex(".*"), None));
        Assert.False(WithoutHeaders(StringMatcher.Regex(".*"), Jason));
    }

    [Fact]
    public void PseudoHeaders_CanBeMatched()
    {
        var view = Requests.View(HttpMethod.Put, "https://reviews:9443/x?y=1");
        Assert.True(new HeaderMatcher(":method", StringMatcher.Exact("PUT")).Matches(view));
        Assert.True(new HeaderMatcher(":scheme", StringMatcher.Exact("https")).Matches(view));
        Assert.True(new HeaderMatcher(":authority", StringMatcher.Exact("reviews:9443")).Matches(view));
        Assert.True(new HeaderMatcher(":path", StringMatcher.Exact("/x?y=1")).Matches(view));
    }
}
