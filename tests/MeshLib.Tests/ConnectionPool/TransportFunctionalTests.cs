using MeshLib.ConnectionPool;

namespace MeshLib.Tests.ConnectionPool;

public class TransportFunctionalTests
{
    private static async Task<string> GetAsync(HttpMessageInvoker invoker, ConnectionPoolPolicy policy, Uri uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        policy.ApplyTo(request);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await invoker.SendAsync(request, cts.Token);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cts.Token);
    }

    [Fact]
    public async Task KeepaliveAndConnectTimeout_RequestsSucceed_OverOneConnection()
    {
        await using var server = new MiniHttpServer();
        var policy = ConnectionPoolPolicy.Default with
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            TcpKeepalive = new TcpKeepalivePolicy { Probes = 3, Time = TimeSpan.FromSeconds(30), Interval = TimeSpan.FromSeconds(5) },
        };
        using var invoker = new HttpMessageInvoker(ClusterTransportFactory.Instance.Create("outbound|80||test", policy));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("ok", await GetAsync(invoker, policy, server.BaseAddress));
        }

        Assert.Equal(1, server.ConnectionCount);
        Assert.All(server.Requests, r => Assert.False(r.Headers.ContainsKey("Connection")));
    }

    [Fact]
    public async Task DisableKeepAlive_SendsConnectionClose_AndUsesNewConnectionPerRequest()
    {
        await using var server = new MiniHttpServer();
        var policy = ConnectionPoolPolicy.Default with { MaxRequestsPerConnection = 1 };
        using var invoker = new HttpMessageInvoker(ClusterTransportFactory.Instance.Create("outbound|80||test", policy));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("ok", await GetAsync(invoker, policy, server.BaseAddress));
        }

        Assert.Equal(3, server.ConnectionCount);
        var requests = server.Requests.ToArray();
        Assert.Equal(new[] { 1, 2, 3 }, requests.Select(r => r.Connection).Order());
        Assert.All(requests, r => Assert.Equal("close", r.Headers["Connection"]));
    }

    [Fact]
    public async Task ClosedPort_FailsFast_WithConnectError()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var policy = ConnectionPoolPolicy.Default with { ConnectTimeout = TimeSpan.FromSeconds(2), TcpKeepalive = new TcpKeepalivePolicy() };
        using var invoker = new HttpMessageInvoker(ClusterTransportFactory.Instance.Create("outbound|80||test", policy));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}/"));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => invoker.SendAsync(request, CancellationToken.None));

        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
    }
}
