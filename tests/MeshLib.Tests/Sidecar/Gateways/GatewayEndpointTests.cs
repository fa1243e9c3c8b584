using System.Net;
using MeshLib.Model.Gateways;
using MeshLib.Sidecar.Gateways;
using Microsoft.AspNetCore.Http;

namespace MeshLib.Tests.Sidecar.Gateways;

public sealed class GatewayEndpointTests
{
    private static readonly HashSet<int> NoneFailed = [];

    private static GatewayListenerModel Plain(int port) => new(port, terminatesTls: false, []);

    private static GatewayListenerModel Https(int port) => new(port, terminatesTls: true, []);

    private static Dictionary<int, GatewayEndpoint> Plan(IReadOnlyDictionary<int, GatewayEndpoint> current, IReadOnlySet<int> failed, params GatewayListenerModel[] listeners) =>
        GatewayEndpoint.Plan(current, listeners, failed);

    [Fact]
    public void Plan_FromNothing_GivesEachListenerAnEndpointOfItsKind_AtAttemptZero()
    {
        var endpoints = Plan(new Dictionary<int, GatewayEndpoint>(), NoneFailed, Plain(8080), Https(8443));

        Assert.Equal(new GatewayEndpoint(8080, false, 0), endpoints[8080]);
        Assert.Equal(new GatewayEndpoint(8443, true, 0), endpoints[8443]);
        Assert.Equal("gateway-http-8080-0", endpoints[8080].Name);
        Assert.Equal("gateway-https-8443-0", endpoints[8443].Name);
    }

    [Fact]
    public void Plan_KeepsTheEndpointOfAnUnchangedPort_DropsARemovedOne_AndAddsANewOne()
    {
        var current = Plan(new Dictionary<int, GatewayEndpoint>(), NoneFailed, Plain(8080), Plain(9090));
        current[8080] = current[8080] with { Attempt = 2 };

        var next = Plan(current, NoneFailed, Plain(8080), Https(8443));

        Assert.Equal([8080, 8443], next.Keys.Order());
        Assert.Equal(current[8080].Name, next[8080].Name);
        Assert.Equal(new GatewayEndpoint(8443, true, 0), next[8443]);
    }

    [Fact]
    public void Plan_APortThatChangesKind_GetsAnEndpointOfAnotherName()
    {
        var current = Plan(new Dictionary<int, GatewayEndpoint>(), NoneFailed, Plain(8080), Https(8443));

        var next = Plan(current, NoneFailed, Https(8080), Plain(8443));

        Assert.Equal("gateway-https-8080-0", next[8080].Name);
        Assert.Equal("gateway-http-8443-0", next[8443].Name);
    }

    [Fact]
    public void Plan_APortWhoseBindFailed_GetsANewAttempt_TheOthersKeepTheirs()
    {
        var current = Plan(new Dictionary<int, GatewayEndpoint>(), NoneFailed, Plain(8080), Plain(9090));

        var retried = Plan(current, new HashSet<int> { 9090 }, Plain(8080), Plain(9090));
        var again = Plan(retried, new HashSet<int> { 9090 }, Plain(8080), Plain(9090));

        Assert.Equal(current[8080], again[8080]);
        Assert.Equal("gateway-http-9090-1", retried[9090].Name);
        Assert.Equal("gateway-http-9090-2", again[9090].Name);
    }

    [Fact]
    public void Configuration_HasOneHttpUrlPerEndpoint_OnTheBindAddress_TlsIncluded()
    {
        var configuration = GatewayEndpoint.Configuration([new GatewayEndpoint(8080, false, 0), new GatewayEndpoint(8443, true, 1)], IPAddress.Parse("0.0.0.0"));

        Assert.Equal(2, configuration.Count);
        Assert.Equal("http://0.0.0.0:8080", configuration["Endpoints:gateway-http-8080-0:Url"]);
        Assert.Equal("http://0.0.0.0:8443", configuration["Endpoints:gateway-https-8443-1:Url"]);
    }

    [Theory]
    [InlineData("127.0.0.1", "http://127.0.0.1:8080")]
    [InlineData("::1", "http://[::1]:8080")]
    [InlineData("::", "http://[::]:8080")]
    [InlineData("fe80::1%2", "http://[fe80::1%2]:8080")]
    public void Url_NamesTheBindAddress_AsKestrelParsesIt(string bind, string expected)
    {
        var address = IPAddress.Parse(bind);

        var url = GatewayEndpoint.Url(address, 8080);

        Assert.Equal(expected, url);
        var parsed = BindingAddress.Parse(url);
        Assert.Equal(8080, parsed.Port);
        Assert.Equal(address, IPAddress.Parse(parsed.Host));
    }
}
