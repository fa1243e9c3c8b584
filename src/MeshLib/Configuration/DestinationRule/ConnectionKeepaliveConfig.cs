namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>ConnectionPoolSettings.HTTPSettings.ConnectionKeepalive</c>: HTTP/2 PING settings.</summary>
public sealed record ConnectionKeepaliveConfig : ConfigElement
{
    /// <summary>Time between PINGs on an HTTP/2 connection; required.</summary>
    public Duration? Interval { get; init; }

    /// <summary>Time to wait for a PING acknowledgement before closing; required.</summary>
    public Duration? Timeout { get; init; }
}
