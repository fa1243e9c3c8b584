using System.Net;
using System.Net.Sockets;
using MeshLib.ConnectionPool;

namespace MeshLib.Tests.ConnectionPool;

public class ClusterTransportFactoryTests
{
    [Theory]
    [InlineData(1u, false)]
    [InlineData(2u, true)]
    [InlineData(100u, true)]
    [InlineData(ConnectionPoolPolicy.Unlimited, false)]
    public void RequestBudget_AboveOne_CountsRequestsPerConnection(uint maxRequestsPerConnection, bool budgeted)
    {
        var policy = ConnectionPoolPolicy.Default with { MaxRequestsPerConnection = maxRequestsPerConnection };

        using var handler = ClusterTransportFactory.Instance.Create("outbound|80||a", policy);

        Assert.Equal(budgeted, handler is RequestBudgetHandler);
    }

    [Fact]
    public void DefaultPolicy_SetsMeshTransportProperties()
    {
        using var handler = ClusterTransportFactory.CreateHandler(ConnectionPoolPolicy.Default);

        Assert.False(handler.AllowAutoRedirect);
        Assert.Equal(DecompressionMethods.None, handler.AutomaticDecompression);
        Assert.False(handler.UseCookies);
        Assert.False(handler.UseProxy);
        Assert.Equal(TimeSpan.FromSeconds(10), handler.ConnectTimeout);
        Assert.Equal(TimeSpan.FromHours(1), handler.PooledConnectionIdleTimeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, handler.PooledConnectionLifetime);
        Assert.Equal(int.MaxValue, handler.MaxConnectionsPerServer);
        Assert.True(handler.EnableMultipleHttp2Connections);
        Assert.Null(handler.ConnectCallback);
        Assert.NotNull(handler.ActivityHeadersPropagator);
        Assert.Equal(Timeout.InfiniteTimeSpan, handler.KeepAlivePingDelay);
    }

    [Fact]
    public void ConfiguredPolicy_MapsToHandler()
    {
        var policy = ConnectionPoolPolicy.Default with
        {
            MaxConnections = 5,
            ConnectTimeout = TimeSpan.FromMilliseconds(750),
            IdleTimeout = TimeSpan.FromSeconds(90),
            MaxConnectionDuration = TimeSpan.FromMinutes(10),
            TcpKeepalive = new TcpKeepalivePolicy { Time = TimeSpan.FromSeconds(30) },
            Http2KeepAliveInterval = TimeSpan.FromSeconds(20),
            Http2KeepAliveTimeout = TimeSpan.FromSeconds(3),
        };

        using var handler = ClusterTransportFactory.CreateHandler(policy);

        Assert.Equal(5, handler.MaxConnectionsPerServer);
        Assert.Equal(TimeSpan.FromMilliseconds(750), handler.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), handler.PooledConnectionIdleTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), handler.PooledConnectionLifetime);
        Assert.NotNull(handler.ConnectCallback);
        Assert.Equal(TimeSpan.FromSeconds(20), handler.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(3), handler.KeepAlivePingTimeout);
        Assert.Equal(HttpKeepAlivePingPolicy.Always, handler.KeepAlivePingPolicy);
    }

    [Fact]
    public void ZeroIdleTimeout_NeverClosesIdleConnections()
    {
        using var handler = ClusterTransportFactory.CreateHandler(ConnectionPoolPolicy.Default with { IdleTimeout = TimeSpan.Zero });

        Assert.Equal(Timeout.InfiniteTimeSpan, handler.PooledConnectionIdleTimeout);
    }

    [Fact]
    public void SubSecondHttp2Ping_IsRaisedToTheDotNetMinimum()
    {
        var policy = ConnectionPoolPolicy.Default with
        {
            Http2KeepAliveInterval = TimeSpan.FromMilliseconds(100),
            Http2KeepAliveTimeout = TimeSpan.FromMilliseconds(100),
        };

        using var handler = ClusterTransportFactory.CreateHandler(policy);

        Assert.Equal(TimeSpan.FromSeconds(1), handler.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(1), handler.KeepAlivePingTimeout);
    }

    [Fact]
    public void Create_ThroughInterface_ReturnsSocketsHttpHandler()
    {
        var recording = new RecordingFactory(ClusterTransportFactory.Instance);
        IClusterTransportFactory[] factories = [ClusterTransportFactory.Instance, recording];

        foreach (var factory in factories)
        {
            using var handler = factory.Create("outbound|9080|v1|reviews.default.svc.cluster.local", ConnectionPoolPolicy.Default with { MaxConnections = 2 });
            Assert.Equal(2, Assert.IsType<SocketsHttpHandler>(handler).MaxConnectionsPerServer);
        }

        Assert.Equal(["outbound|9080|v1|reviews.default.svc.cluster.local"], recording.Clusters);
    }

    // What a test or benchmark injects: here a decorator that records the clusters it was asked for.
    private sealed class RecordingFactory(IClusterTransportFactory inner) : IClusterTransportFactory
    {
        public List<string> Clusters { get; } = [];

        public HttpMessageHandler Create(string clusterName, ConnectionPoolPolicy policy)
        {
            Clusters.Add(clusterName);
            return inner.Create(clusterName, policy);
        }
    }

    [Fact]
    public async Task ApplyKeepalive_SetsSocketOptions()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync((IPEndPoint)listener.LocalEndpoint).WaitAsync(TimeSpan.FromSeconds(10));
        using var accepted = await listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(10));

        ClusterTransportFactory.ApplyKeepalive(socket, new TcpKeepalivePolicy { Probes = 4, Time = TimeSpan.FromSeconds(45), Interval = TimeSpan.FromSeconds(7) });

        Assert.NotEqual(0, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(45, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
        Assert.Equal(7, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
        Assert.Equal(4, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);
    }

    [Fact]
    public async Task ApplyKeepalive_WithoutFields_OnlyEnablesKeepalive()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync((IPEndPoint)listener.LocalEndpoint).WaitAsync(TimeSpan.FromSeconds(10));
        var osTime = (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!;

        ClusterTransportFactory.ApplyKeepalive(socket, new TcpKeepalivePolicy());

        Assert.NotEqual(0, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(osTime, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
    }
}
