namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>ConnectionPoolSettings.HTTPSettings</c>: HTTP connection pool limits.</summary>
public sealed record HttpSettingsConfig : ConfigElement
{
    /// <summary>Maximum requests queued waiting for a connection; default 2^32−1 (unlimited).</summary>
    public int? Http1MaxPendingRequests { get; init; }

    /// <summary>Maximum active requests to the destination; default 2^32−1 (unlimited).</summary>
    public int? Http2MaxRequests { get; init; }

    /// <summary>Maximum requests per connection, 1 disables keep-alive; default 0 (unlimited).</summary>
    public int? MaxRequestsPerConnection { get; init; }

    /// <summary>Maximum outstanding retries across the cluster; default 2^32−1 (unlimited).</summary>
    public int? MaxRetries { get; init; }

    /// <summary>Close a pooled connection after this long without active requests; default 1h.</summary>
    public Duration? IdleTimeout { get; init; }

    /// <summary>Whether HTTP/1.1 connections are upgraded to HTTP/2; default DEFAULT (mesh setting).</summary>
    public H2UpgradePolicy? H2UpgradePolicy { get; init; }

    /// <summary>Keep the downstream HTTP protocol upstream; default false.</summary>
    public bool? UseClientProtocol { get; init; }

    /// <summary>Maximum concurrent streams per HTTP/2 connection; default 2^31−1.</summary>
    public int? MaxConcurrentStreams { get; init; }

    /// <summary>HTTP/2 PING keepalive for upstream connections; default off.</summary>
    public ConnectionKeepaliveConfig? Http2KeepAlive { get; init; }
}
