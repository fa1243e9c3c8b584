using MeshLib.Configuration;
using MeshLib.Configuration.Validation;

namespace MeshLib.Tests.Configuration.Validation;

public sealed class CommonRulesTests
{
    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("10", false)]
    [InlineData("10.1", false)]
    [InlineData("010.0.0.1", false)]
    [InlineData("256.0.0.1", false)]
    [InlineData("reviews", false)]
    public void IsIpAddress_AcceptsOnlyGoSyntax(string value, bool expected) => Assert.Equal(expected, CommonRules.IsIpAddress(value));

    [Theory]
    [InlineData("10.0.0.0/8", null)]
    [InlineData("10.0.0.1/8", null)]
    [InlineData("fd00::/64", null)]
    [InlineData("10.0.0.0/33", "10.0.0.0/33 is not a valid CIDR block")]
    [InlineData("10.0.0/8", "10.0.0/8 is not a valid CIDR block")]
    [InlineData("1.2.3", "1.2.3 is not a valid IP")]
    public void IpOrCidr_AllowsHostBitsAsGoDoes(string value, string? expected) => Assert.Equal(expected, CommonRules.IpOrCidr(value));

    [Theory]
    [InlineData("reviews", null)]
    [InlineData("*.example.com", null)]
    [InlineData("*", null)]
    [InlineData("istio.io.", null)]
    [InlineData("", "empty domain name not allowed")]
    [InlineData("foo_bar.com", "domain name \"foo_bar.com\" invalid (label \"foo_bar\" invalid)")]
    [InlineData("api.exa_mple.com", "domain name \"exa_mple.com\" invalid (label \"exa_mple\" invalid)")]
    [InlineData("foo.123", "domain name \"123\" invalid (top level domain \"123\" cannot be all-numeric)")]
    public void WildcardDomain_NamesTheRestOfTheHostForLaterLabels(string host, string? expected) =>
        Assert.Equal(expected, CommonRules.WildcardDomain(host));

    [Fact]
    public void Fqdn_RejectsWildcards() =>
        Assert.Equal("domain name \"*.example.com\" invalid (label \"*\" invalid)", CommonRules.Fqdn("*.example.com"));

    [Theory]
    [InlineData("1ms", null)]
    [InlineData("0.5s", null)]
    [InlineData("500us", "duration must be greater than 1ms")]
    [InlineData("1.5ms", "only durations to ms precision are supported")]
    public void Duration_IsAtLeastOneWholeMillisecond(string text, string? expected) =>
        Assert.Equal(expected, CommonRules.Duration(Duration.Parse(text)));

    [Theory]
    [InlineData(0, null)]
    [InlineData(0.0001, null)]
    [InlineData(100, null)]
    [InlineData(0.00001, "percentage 1e-05 is neither 0.0, nor in range [0.0001, 100.0]")]
    [InlineData(101, "percentage 101 is neither 0.0, nor in range [0.0001, 100.0]")]
    public void Percentage_FollowsIstioRange(double value, string? expected) => Assert.Equal(expected, CommonRules.Percentage(value));

    [Theory]
    [InlineData("(?i)jason", true)]
    [InlineData("(?P<id>\\d+)", true)]
    [InlineData("(?=x)", false)]
    [InlineData("(a", false)]
    public void Regex_AcceptsRe2AndRejectsBacktrackingConstructs(string pattern, bool valid)
    {
        var error = CommonRules.Regex("uri", pattern);
        if (valid)
        {
            Assert.Null(error);
            return;
        }

        Assert.NotNull(error);
        Assert.StartsWith("\"uri\": ", error, StringComparison.Ordinal);
        Assert.EndsWith("Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)", error, StringComparison.Ordinal);
    }
}
