using MeshLib.Tls;

namespace MeshLib.Tests.Tls;

public class SubjectAltNameMatcherTests
{
    [Theory]
    [InlineData("reviews.example.com", "reviews.example.com", true)]
    [InlineData("Reviews.Example.COM", "reviews.example.com", true)]
    [InlineData("*.example.com", "reviews.example.com", true)]
    [InlineData("*.example.com", "a.reviews.example.com", false)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", ".example.com", false)]
    [InlineData("reviews.example.com", "*.example.com", false)]
    [InlineData("ratings.example.com", "reviews.example.com", false)]
    public void DnsNameMatches_AsEnvoy_WildcardsOnlyInTheCertificate(string certificateName, string accepted, bool matches) =>
        Assert.Equal(matches, SubjectAltNameMatcher.DnsNameMatches(certificateName, accepted));

    [Theory]
    [InlineData("spiffe://cluster.local/ns/default/sa/reviews", true)]
    [InlineData("spiffe://cluster.local/ns/default/sa/ratings", false)]
    [InlineData("reviews.default.svc.cluster.local", true)]
    [InlineData("10.0.0.7", true)]
    [InlineData("10.0.0.8", false)]
    public void MatchesAny_ChecksUriDnsAndIpNames(string accepted, bool matches)
    {
        using var certificate = SelfSignedFiles.Create("uri:spiffe://cluster.local/ns/default/sa/reviews", "*.default.svc.cluster.local", "10.0.0.7");

        Assert.Equal(matches, SubjectAltNameMatcher.MatchesAny(certificate, [accepted]));
    }

    [Fact]
    public void MatchesAny_OneOfSeveral_IsEnough()
    {
        using var certificate = SelfSignedFiles.Create("reviews.example.com");

        Assert.True(SubjectAltNameMatcher.MatchesAny(certificate, ["spiffe://cluster.local/ns/default/sa/reviews", "reviews.example.com"]));
        Assert.False(SubjectAltNameMatcher.MatchesAny(certificate, ["ratings.example.com"]));
    }
}
