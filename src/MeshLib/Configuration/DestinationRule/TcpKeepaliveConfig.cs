namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>ConnectionPoolSettings.TCPSettings.TcpKeepalive</c>: TCP keepalive probe settings.</summary>
public sealed record TcpKeepaliveConfig : ConfigElement
{
    /// <summary>Unanswered probes before the connection is dead; default the OS value (Linux 9).</summary>
    public uint? Probes { get; init; }

    /// <summary>Idle time before probes start; default the OS value (Linux 7200s).</summary>
    public Duration? Time { get; init; }

    /// <summary>Time between probes; default the OS value (Linux 75s).</summary>
    public Duration? Interval { get; init; }
}
