using MeshLib.Routing;

namespace MeshLib.Tests.Routing;

public class StringMatcherTests
{
    [Theory]
    [InlineData("/foo", true)]
    [InlineData("/foo/", false)]
    [InlineData("/FOO", false)]
    [InlineData("/fo", false)]
    public void Exact_IsCaseSensitiveEquality(string value, bool expected) =>
        Assert.Equal(expected, StringMatcher.Exact("/foo").Matches(value));

    [Theory]
    [InlineData("/foo", true)]
    [InlineData("/foobar", true)] // plain string prefix, no path segments (istio-api.md §4)
    [InlineData("/foo/x", true)]
    [InlineData("/fo", false)]
    [InlineData("/Foo", false)]
    public void Prefix_IsPlainStringPrefix(string value, bool expected) =>
        Assert.Equal(expected, StringMatcher.Prefix("/foo").Matches(value));

    [Theory]
    [InlineData("/")]
    [InlineData("/anything/at/all")]
    public void Prefix_Slash_MatchesEveryPath(string value) => Assert.True(StringMatcher.Prefix("/").Matches(value));

    [Fact]
    public void IgnoreCase_AppliesToExactAndPrefix()
    {
        Assert.True(StringMatcher.Exact("/Foo", ignoreCase: true).Matches("/fOO"));
        Assert.True(StringMatcher.Prefix("/API", ignoreCase: true).Matches("/api/v1"));
        Assert.False(StringMatcher.Exact("/Foo").Matches("/fOO"));
    }

    [Theory]
    [InlineData("123", true)]
    [InlineData("a123", false)] // fully anchored: \d+$ does not match a123 (istio-api.md §4)
    [InlineData("123a", false)]
    public void Regex_IsFullyAnchored(string value, bool expected) =>
        Assert.Equal(expected, StringMatcher.Regex(@"\d+$").Matches(value));

    [Fact]
    public void Regex_Alternation_IsAnchoredAsAWhole() =>
        Assert.False(StringMatcher.Regex("a|b").Matches("ab"));

    [Fact]
    public void Regex_CaseInsensitiveOnlyThroughFlag()
    {
        Assert.False(StringMatcher.Regex("/foo.*").Matches("/FOO/bar"));
        Assert.True(StringMatcher.Regex("(?i)/foo.*").Matches("/FOO/bar"));
    }

    [Fact]
    public void Regex_AcceptsRe2NamedGroups() =>
        Assert.True(StringMatcher.Regex(@"/(?P<id>\d+)").Matches("/42"));

    [Fact]
    public void RegexStar_IsThePresenceForm()
    {
        var matcher = StringMatcher.Regex("*");
        Assert.Equal(StringMatchKind.Presence, matcher.Kind);
        Assert.Same(StringMatcher.Presence(), matcher);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    public void Presence_MatchesAnyValue(string value) => Assert.True(StringMatcher.Presence().Matches(value));

    [Fact]
    public void ToString_NamesKindAndValue()
    {
        Assert.Equal("prefix: /a (ignore case)", StringMatcher.Prefix("/a", ignoreCase: true).ToString());
        Assert.Equal("present", StringMatcher.Presence().ToString());
    }
}
