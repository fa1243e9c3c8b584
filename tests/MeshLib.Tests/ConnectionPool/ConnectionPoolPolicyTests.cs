using System.Net;
using MeshLib.Configuration;
using MeshLib.Configuration.DestinationRule;
using MeshLib.ConnectionPool;

namespace MeshLib.Tests.ConnectionPool;

public class ConnectionPoolPolicyTests
{
    [Fact]
    public void From_Null_IsDefaultWithIstioValues()
    {
        var policy = ConnectionPoolPolicy.From(null);

        Assert.Same(ConnectionPoolPolicy.Default, policy);
        Assert.Equal(4294967295u, policy.MaxConnections);
        Assert.Equal(4294967295u, policy.MaxPendingRequests);
        Assert.Equal(4294967295u, policy.MaxRequests);
        Assert.Equal(4294967295u, policy.MaxRetries);
        Assert.Equal(4294967295u, policy.MaxRequestsPerConnection);
        Assert.Equal(2147483647u, policy.MaxConcurrentStreams);
        Assert.Equal(TimeSpan.FromSeconds(10), policy.ConnectTimeout);
        Assert.Equal(TimeSpan.FromHours(1), policy.IdleTimeout);
        Assert.Null(policy.MaxConnectionDuration);
        Assert.Null(policy.TcpKeepalive);
        Assert.Null(policy.Http2KeepAliveInterval);
        Assert.Null(policy.Http2KeepAliveTimeout);
        Assert.Equal(H2UpgradePolicy.Default, policy.H2UpgradePolicy);
        Assert.False(policy.UseClientProtocol);
        Assert.False(policy.DisableKeepAlive);
        Assert.False(policy.UpgradeToHttp2);
    }

    [Fact]
    public void From_EmptyBlocks_IsDefault()
    {
        var policy = ConnectionPoolPolicy.From(new ConnectionPoolSettingsConfig { Tcp = new(), Http = new() });

        Assert.Same(ConnectionPoolPolicy.Default, policy);
    }

    [Fact]
    public void From_ZeroAndNegativeInts_MeanDefault()
    {
        var config = new ConnectionPoolSettingsConfig
        {
            Tcp = new TcpSettingsConfig { MaxConnections = 0 },
            Http = new HttpSettingsConfig
            {
                Http1MaxPendingRequests = 0,
                Http2MaxRequests = -1,
                MaxRequestsPerConnection = 0,
                MaxRetries = 0,
                MaxConcurrentStreams = 0,
            },
        };

        Assert.Equal(ConnectionPoolPolicy.Default, ConnectionPoolPolicy.From(config));
    }

    [Fact]
    public void From_ConfiguredValues_AreCompiled()
    {
        var config = new ConnectionPoolSettingsConfig
        {
            Tcp = new TcpSettingsConfig
            {
                MaxConnections = 7,
                ConnectTimeout = Duration.Parse("250ms"),
                MaxConnectionDuration = Duration.Parse("30m"),
                IdleTimeout = Duration.Parse("5m"),
                TcpKeepalive = new TcpKeepaliveConfig { Probes = 4, Time = Duration.Parse("60s"), Interval = Duration.Parse("10s") },
            },
            Http = new HttpSettingsConfig
            {
                Http1MaxPendingRequests = 3,
                Http2MaxRequests = 50,
                MaxRequestsPerConnection = 1,
                MaxRetries = 2,
                MaxConcurrentStreams = 100,
                H2UpgradePolicy = H2UpgradePolicy.Upgrade,
                Http2KeepAlive = new ConnectionKeepaliveConfig { Interval = Duration.Parse("20s"), Timeout = Duration.Parse("5s") },
            },
        };

        var policy = ConnectionPoolPolicy.From(config);

        Assert.Equal(7u, policy.MaxConnections);
        Assert.Equal(3u, policy.MaxPendingRequests);
        Assert.Equal(50u, policy.MaxRequests);
        Assert.Equal(1u, policy.MaxRequestsPerConnection);
        Assert.Equal(2u, policy.MaxRetries);
        Assert.Equal(100u, policy.MaxConcurrentStreams);
        Assert.Equal(TimeSpan.FromMilliseconds(250), policy.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMinutes(30), policy.MaxConnectionDuration);
        Assert.Equal(TimeSpan.FromMinutes(5), policy.IdleTimeout);
        Assert.Equal(new TcpKeepalivePolicy { Probes = 4, Time = TimeSpan.FromSeconds(60), Interval = TimeSpan.FromSeconds(10) }, policy.TcpKeepalive);
        Assert.Equal(TimeSpan.FromSeconds(20), policy.Http2KeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), policy.Http2KeepAliveTimeout);
        Assert.True(policy.DisableKeepAlive);
        Assert.True(policy.UpgradeToHttp2);
    }

    [Fact]
    public void From_HttpIdleTimeout_WinsOverTcpIdleTimeout()
    {
        var both = new ConnectionPoolSettingsConfig
        {
            Tcp = new TcpSettingsConfig { IdleTimeout = Duration.Parse("5m") },
            Http = new HttpSettingsConfig { IdleTimeout = Duration.Parse("30s") },
        };
        var tcpOnly = new ConnectionPoolSettingsConfig { Tcp = new TcpSettingsConfig { IdleTimeout = Duration.Parse("5m") } };

        Assert.Equal(TimeSpan.FromSeconds(30), ConnectionPoolPolicy.From(both).IdleTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), ConnectionPoolPolicy.From(tcpOnly).IdleTimeout);
    }

    [Fact]
    public void From_ZeroIdleTimeout_DisablesIt()
    {
        var config = new ConnectionPoolSettingsConfig { Http = new HttpSettingsConfig { IdleTimeout = Duration.Parse("0s") } };

        Assert.Equal(TimeSpan.Zero, ConnectionPoolPolicy.From(config).IdleTimeout);
    }

    [Fact]
    public void From_KeepaliveWithoutFields_EnablesKeepaliveWithOsValues()
    {
        var config = new ConnectionPoolSettingsConfig { Tcp = new TcpSettingsConfig { TcpKeepalive = new TcpKeepaliveConfig() } };

        Assert.Equal(new TcpKeepalivePolicy(), ConnectionPoolPolicy.From(config).TcpKeepalive);
    }

    [Fact]
    public void From_Http2KeepAliveWithOnlyInterval_IsIgnored()
    {
        var config = new ConnectionPoolSettingsConfig
        {
            Http = new HttpSettingsConfig { Http2KeepAlive = new ConnectionKeepaliveConfig { Interval = Duration.Parse("20s") } },
        };

        Assert.Same(ConnectionPoolPolicy.Default, ConnectionPoolPolicy.From(config));
    }

    [Fact]
    public void From_UseClientProtocol_DisablesUpgrade()
    {
        var config = new ConnectionPoolSettingsConfig
        {
            Http = new HttpSettingsConfig { H2UpgradePolicy = H2UpgradePolicy.Upgrade, UseClientProtocol = true },
        };

        Assert.False(ConnectionPoolPolicy.From(config).UpgradeToHttp2);
    }

    [Fact]
    public void Equality_IsByValue()
    {
        static ConnectionPoolSettingsConfig Build(int max) => new()
        {
            Tcp = new TcpSettingsConfig { MaxConnections = max, TcpKeepalive = new TcpKeepaliveConfig { Probes = 3 } },
            Http = new HttpSettingsConfig { Http1MaxPendingRequests = 5 },
        };

        Assert.Equal(ConnectionPoolPolicy.From(Build(10)), ConnectionPoolPolicy.From(Build(10)));
        Assert.NotEqual(ConnectionPoolPolicy.From(Build(10)), ConnectionPoolPolicy.From(Build(11)));
    }

    [Fact]
    public void ApplyTo_DisableKeepAlive_SetsConnectionClose()
    {
        var policy = ConnectionPoolPolicy.Default with { MaxRequestsPerConnection = 1 };
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://reviews:9080/");

        policy.ApplyTo(request);

        Assert.True(request.Headers.ConnectionClose);
        Assert.Equal(HttpVersion.Version11, request.Version);
    }

    [Fact]
    public void ApplyTo_DefaultPolicy_LeavesRequestAlone()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://reviews:9080/");

        ConnectionPoolPolicy.Default.ApplyTo(request);

        Assert.Null(request.Headers.ConnectionClose);
        Assert.Empty(request.Headers);
        Assert.Equal(HttpVersion.Version11, request.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionOrLower, request.VersionPolicy);
    }

    [Fact]
    public void ApplyTo_Upgrade_SendsHttp2Only()
    {
        var policy = ConnectionPoolPolicy.Default with { H2UpgradePolicy = H2UpgradePolicy.Upgrade };
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://reviews:9080/");

        policy.ApplyTo(request);

        Assert.Equal(HttpVersion.Version20, request.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionExact, request.VersionPolicy);
    }
}
