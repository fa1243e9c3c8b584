using MeshLib.Model.Gateways;

namespace MeshLib.Tests.Model.Gateways;

public class GatewayHostsTests
{
    [Theory]
    [InlineData("foo.com,bar.com", "*.com", "foo.com,bar.com")]
    [InlineData("foo.com,*.net", "*.com,bar.net", "foo.com,bar.net")]
    [InlineData("foo.com,*.net", "*.bar.net", "*.bar.net")]
    [InlineData("foo.com", "bar.com", "")]
    [InlineData("*", "bookinfo.example.com", "bookinfo.example.com")]
    [InlineData("*.example.com", "*", "*.example.com")]
    [InlineData("*.example.com", "example.com", "")]
    [InlineData("Shop.Example.com", "shop.example.com", "Shop.Example.com")]
    public void Intersect_KeepsTheNarrowerOfEachCoveringPair(string first, string second, string expected)
    {
        var result = GatewayHosts.Intersect(first.Split(','), second.Split(','));
        Assert.Equal(expected, string.Join(',', result));
    }

    [Fact]
    public void ForNamespace_SelectsByTheNamespacePart_DotBeingTheGatewaysOwn()
    {
        string[] hosts = ["prod/a.example.com", "*/b.example.com", "c.example.com", "./d.example.com", "dev/E.example.com"];

        Assert.Equal(["a.example.com", "b.example.com", "c.example.com"], GatewayHosts.ForNamespace(hosts, "prod", "istio-system"));
        Assert.Equal(["b.example.com", "c.example.com", "d.example.com"], GatewayHosts.ForNamespace(hosts, "istio-system", "istio-system"));
        Assert.Equal(["b.example.com", "c.example.com", "e.example.com"], GatewayHosts.ForNamespace(hosts, "dev", "istio-system"));
    }

    [Theory]
    [InlineData("a.b.com", "*.b.com", true)]
    [InlineData("*.a.b.com", "*.b.com", true)]
    [InlineData("*.b.com", "*.a.b.com", false)]
    [InlineData("b.com", "*.b.com", false)]
    [InlineData("*", "*", true)]
    [InlineData("x.y", "*", true)]
    [InlineData("*", "x.y", false)]
    public void IsSubsetOf_FollowsIstiosNameRules(string host, string other, bool expected) =>
        Assert.Equal(expected, GatewayHosts.IsSubsetOf(host, other));
}
