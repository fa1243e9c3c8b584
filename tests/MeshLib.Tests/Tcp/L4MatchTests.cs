using System.Net;
using MeshLib.Tcp;

namespace MeshLib.Tests.Tcp;

public class L4MatchTests
{
    private static IPNetwork Subnet(string text) => L4Match.TryParseSubnet(text, out var network) ? network : throw new FormatException(text);

    [Theory]
    [InlineData("127.0.0.0/8", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("10.0.0.0/8", "127.0.0.1", false)]
    [InlineData("::1", "::1", true)]
    public void DestinationSubnets_HoldTheDestination(string subnet, string destination, bool matches) =>
        Assert.Equal(matches, new L4Match([Subnet(subnet)], null).Matches(IPAddress.Parse(destination), IPAddress.Loopback));

    [Fact]
    public void MappedIPv4Addresses_AreComparedAsIPv4()
    {
        var match = new L4Match([Subnet("127.0.0.0/8")], Subnet("127.0.0.1"));

        Assert.True(match.Matches(IPAddress.Loopback.MapToIPv6(), IPAddress.Loopback.MapToIPv6()));
    }

    [Fact]
    public void SourceSubnet_HoldsTheSource()
    {
        var match = new L4Match([], Subnet("192.168.0.0/16"));

        Assert.False(match.MatchesAll);
        Assert.True(match.Matches(IPAddress.Loopback, IPAddress.Parse("192.168.1.9")));
        Assert.False(match.Matches(IPAddress.Loopback, IPAddress.Loopback));
    }

    [Fact]
    public void NotASubnet_IsNotParsed() => Assert.False(L4Match.TryParseSubnet("db.example.com", out _));
}
