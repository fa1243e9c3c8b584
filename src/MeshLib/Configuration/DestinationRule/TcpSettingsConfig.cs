namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>ConnectionPoolSettings.TCPSettings</c>: TCP-level connection limits and timeouts.</summary>
public sealed record TcpSettingsConfig : ConfigElement
{
    /// <summary>Maximum HTTP/1 and TCP connections to the destination; default 2^32−1 (unlimited).</summary>
    public int? MaxConnections { get; init; }

    /// <summary>TCP connect timeout; default the mesh connectTimeout (10s).</summary>
    public Duration? ConnectTimeout { get; init; }

    /// <summary>Enables SO_KEEPALIVE with these settings; default off.</summary>
    public TcpKeepaliveConfig? TcpKeepalive { get; init; }

    /// <summary>Maximum lifetime of a connection; default none.</summary>
    public Duration? MaxConnectionDuration { get; init; }

    /// <summary>Idle timeout for TCP connections; default 1h, 0s disables it.</summary>
    public Duration? IdleTimeout { get; init; }
}
