using System.Net;
using MeshLib.Configuration.DestinationRule;

namespace MeshLib.ConnectionPool;

/// <summary>
/// The connection-pool limits of one cluster, compiled once from a DestinationRule's <c>connectionPool</c> with
/// Istio's defaults applied. Value equality lets a reload keep a cluster's runtime state when its policy is unchanged.
/// </summary>
/// <remarks>
/// Integer limits use <see cref="Unlimited"/> (2^32−1, what Istio writes into every Envoy cluster) when unset; as in
/// Istio, a configured 0 (or a negative value) means "unset", never "zero allowed".
/// </remarks>
internal sealed record ConnectionPoolPolicy
{
    /// <summary>The value Istio uses for an unset limit: 2^32−1.</summary>
    public const uint Unlimited = uint.MaxValue;

    /// <summary>Istio's default per-connection HTTP/2 stream limit: 2^31−1.</summary>
    public const uint DefaultMaxConcurrentStreams = int.MaxValue;

    /// <summary>The policy of a cluster without a <c>connectionPool</c> block.</summary>
    public static ConnectionPoolPolicy Default { get; } = new();

    /// <summary>Maximum connections to the cluster (<c>tcp.maxConnections</c>).</summary>
    public uint MaxConnections { get; init; } = Unlimited;

    /// <summary>Maximum requests waiting for a connection (<c>http.http1MaxPendingRequests</c>).</summary>
    public uint MaxPendingRequests { get; init; } = Unlimited;

    /// <summary>Maximum active requests to the cluster (<c>http.http2MaxRequests</c>, applies to HTTP/1.1 too).</summary>
    public uint MaxRequests { get; init; } = Unlimited;

    /// <summary>Maximum requests per connection (<c>http.maxRequestsPerConnection</c>); 1 disables keep-alive.</summary>
    public uint MaxRequestsPerConnection { get; init; } = Unlimited;

    /// <summary>Maximum concurrent outstanding retries to the cluster (<c>http.maxRetries</c>).</summary>
    public uint MaxRetries { get; init; } = Unlimited;

    /// <summary>TCP (and TLS) connect timeout (<c>tcp.connectTimeout</c>); default the mesh value, 10s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Idle time after which a pooled connection is closed (<c>http.idleTimeout</c>, else <c>tcp.idleTimeout</c>);
    /// default 1h; <see cref="TimeSpan.Zero"/> disables it.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Maximum lifetime of a connection (<c>tcp.maxConnectionDuration</c>); <see langword="null"/> for none.</summary>
    public TimeSpan? MaxConnectionDuration { get; init; }

    /// <summary>SO_KEEPALIVE settings (<c>tcp.tcpKeepalive</c>); <see langword="null"/> leaves keepalive off.</summary>
    public TcpKeepalivePolicy? TcpKeepalive { get; init; }

    /// <summary>HTTP/1.1 to HTTP/2 upgrade policy (<c>http.h2UpgradePolicy</c>).</summary>
    public H2UpgradePolicy H2UpgradePolicy { get; init; } = H2UpgradePolicy.Default;

    /// <summary>Keep the caller's HTTP version upstream (<c>http.useClientProtocol</c>).</summary>
    public bool UseClientProtocol { get; init; }

    /// <summary>Maximum concurrent streams per HTTP/2 connection (<c>http.maxConcurrentStreams</c>).</summary>
    public uint MaxConcurrentStreams { get; init; } = DefaultMaxConcurrentStreams;

    /// <summary>HTTP/2 PING interval (<c>http.http2KeepAlive.interval</c>); set only together with the timeout.</summary>
    public TimeSpan? Http2KeepAliveInterval { get; init; }

    /// <summary>HTTP/2 PING acknowledgement timeout (<c>http.http2KeepAlive.timeout</c>).</summary>
    public TimeSpan? Http2KeepAliveTimeout { get; init; }

    /// <summary>Whether every upstream request must carry <c>Connection: close</c> (<c>maxRequestsPerConnection: 1</c>).</summary>
    public bool DisableKeepAlive => MaxRequestsPerConnection == 1;

    /// <summary>
    /// Whether requests go upstream as HTTP/2. <c>DEFAULT</c> resolves to the mesh default (do not upgrade), and
    /// <c>useClientProtocol</c> makes the upgrade policy ineffective, as in Istio.
    /// </summary>
    public bool UpgradeToHttp2 => !UseClientProtocol && H2UpgradePolicy == H2UpgradePolicy.Upgrade;

    /// <summary>Compiles Istio connection-pool settings, applying Istio's defaults.</summary>
    /// <param name="config">The DestinationRule's <c>connectionPool</c>, or <see langword="null"/> when absent.</param>
    /// <returns>The policy; <see cref="Default"/> when nothing is configured.</returns>
    public static ConnectionPoolPolicy From(ConnectionPoolSettingsConfig? config)
    {
        var tcp = config?.Tcp;
        var http = config?.Http;
        if (tcp is null && http is null)
        {
            return Default;
        }

        var policy = new ConnectionPoolPolicy
        {
            MaxConnections = Limit(tcp?.MaxConnections),
            MaxPendingRequests = Limit(http?.Http1MaxPendingRequests),
            MaxRequests = Limit(http?.Http2MaxRequests),
            MaxRequestsPerConnection = Limit(http?.MaxRequestsPerConnection),
            MaxRetries = Limit(http?.MaxRetries),
            MaxConcurrentStreams = http?.MaxConcurrentStreams is int streams and > 0 ? (uint)streams : DefaultMaxConcurrentStreams,
            H2UpgradePolicy = http?.H2UpgradePolicy ?? H2UpgradePolicy.Default,
            UseClientProtocol = http?.UseClientProtocol ?? false,
        };

        if (tcp?.ConnectTimeout is { } connect)
        {
            policy = policy with { ConnectTimeout = connect.ToTimeSpan() };
        }

        // HTTP pools use http.idleTimeout; tcp.idleTimeout only fills in when it is unset.
        if ((http?.IdleTimeout ?? tcp?.IdleTimeout) is { } idle)
        {
            policy = policy with { IdleTimeout = idle.Nanoseconds > 0 ? idle.ToTimeSpan() : TimeSpan.Zero };
        }

        if (tcp?.MaxConnectionDuration is { Nanoseconds: > 0 } lifetime)
        {
            policy = policy with { MaxConnectionDuration = lifetime.ToTimeSpan() };
        }

        if (tcp?.TcpKeepalive is { } keepalive)
        {
            policy = policy with
            {
                TcpKeepalive = new TcpKeepalivePolicy
                {
                    Probes = keepalive.Probes is > 0 ? keepalive.Probes : null,
                    Time = keepalive.Time?.ToTimeSpan(),
                    Interval = keepalive.Interval?.ToTimeSpan(),
                },
            };
        }

        // Istio writes connection_keepalive only when both fields are present.
        if (http?.Http2KeepAlive is { Interval: { } interval, Timeout: { } timeout })
        {
            policy = policy with { Http2KeepAliveInterval = interval.ToTimeSpan(), Http2KeepAliveTimeout = timeout.ToTimeSpan() };
        }

        return policy == Default ? Default : policy;
    }

    /// <summary>Applies the per-request parts of the policy: <c>Connection: close</c> and the HTTP/2 upgrade.</summary>
    /// <param name="request">The upstream request about to be sent.</param>
    public void ApplyTo(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (DisableKeepAlive)
        {
            request.Headers.ConnectionClose = true;
        }

        if (UpgradeToHttp2)
        {
            // Envoy speaks HTTP/2 only to an upgraded cluster (prior knowledge on plaintext), without HTTP/1.1 fallback.
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
    }

    private static uint Limit(int? value) => value is > 0 ? (uint)value.Value : Unlimited;
}
