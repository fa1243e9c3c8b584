using MeshLib.Routing;

namespace MeshLib.Tests.Routing;

public class QueryParamMatcherTests
{
    private static bool Matches(string name, StringMatcher matcher, string url) =>
        new QueryParamMatcher(name, matcher).Matches(Requests.View(url));

    [Theory]
    [InlineData("http://r/p?key", true)] // istio-api.md §4: exact "" matches ?key with an empty value
    [InlineData("http://r/p?key=", true)]
    [InlineData("http://r/p?key=v", false)]
    [InlineData("http://r/p?other", false)]
    [InlineData("http://r/p", false)]
    public void ExactEmpty_MatchesAnEmptyValue(string url, bool expected) =>
        Assert.Equal(expected, Matches("key", StringMatcher.Exact(""), url));

    [Theory]
    [InlineData("http://r/p?a=1&key=v", true)]
    [InlineData("http://r/p?key", true)]
    [InlineData("http://r/p?keyx=1", false)]
    [InlineData("http://r/p?x=key", false)]
    [InlineData("http://r/p?", false)]
    public void Presence_NeedsTheParameter(string url, bool expected) =>
        Assert.Equal(expected, Matches("key", StringMatcher.Presence(), url));

    [Theory]
    [InlineData("http://r/p?id=123", true)]
    [InlineData("http://r/p?id=a123", false)] // anchored: \d+$ does not match a123
    [InlineData("http://r/p?id=", false)]
    public void Regex_IsFullyAnchored(string url, bool expected) =>
        Assert.Equal(expected, Matches("id", StringMatcher.Regex(@"\d+$"), url));

    [Fact]
    public void MissingParameter_NeverMatches() =>
        Assert.False(Matches("id", StringMatcher.Regex(".*"), "http://r/p?other=1"));

    [Fact]
    public void OnlyTheFirstOccurrenceCounts()
    {
        Assert.True(Matches("v", StringMatcher.Exact("1"), "http://r/p?v=1&v=2"));
        Assert.False(Matches("v", StringMatcher.Exact("2"), "http://r/p?v=1&v=2"));
    }

    [Fact]
    public void ValuesAreMatchedRaw_NotPercentDecoded()
    {
        // Envoy's route matcher parses the query without decoding (parseQueryString), '+' stays '+'.
        Assert.True(Matches("q", StringMatcher.Exact("a%20b"), "http://r/p?q=a%20b"));
        Assert.False(Matches("q", StringMatcher.Exact("a b"), "http://r/p?q=a%20b"));
        Assert.True(Matches("q", StringMatcher.Exact("a+b"), "http://r/p?q=a+b"));
    }

    [Fact]
    public void NamesAreCaseSensitive() =>
        Assert.False(Matches("Key", StringMatcher.Presence(), "http://r/p?key=1"));

    [Fact]
    public void TryGetFirstValue_SplitsOnAmpersandAndEquals()
    {
        Assert.True(QueryParamMatcher.TryGetFirstValue("a=1&b=x=y&c", "b", out var b));
        Assert.Equal("x=y", b.ToString());
        Assert.True(QueryParamMatcher.TryGetFirstValue("a=1&b=x=y&c", "c", out var c));
        Assert.True(c.IsEmpty);
        Assert.False(QueryParamMatcher.TryGetFirstValue("a=1", "d", out _));
    }
}
