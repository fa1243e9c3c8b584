namespace MeshLib.ConnectionPool;

/// <summary>
/// SO_KEEPALIVE settings for upstream sockets, compiled from Istio's <c>tcp.tcpKeepalive</c>. A <see langword="null"/>
/// field keeps the operating-system value (Linux: 9 probes, 7200s, 75s).
/// </summary>
internal sealed record TcpKeepalivePolicy
{
    /// <summary>Unanswered probes before the connection is considered dead.</summary>
    public uint? Probes { get; init; }

    /// <summary>Idle time before the first probe.</summary>
    public TimeSpan? Time { get; init; }

    /// <summary>Time between probes.</summary>
    public TimeSpan? Interval { get; init; }
}
