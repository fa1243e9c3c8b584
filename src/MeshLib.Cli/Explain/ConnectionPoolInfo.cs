namespace MeshLib.Cli.Explain;

/// <summary>A cluster's effective connection-pool limits (Istio field names; null limits are unlimited).</summary>
/// <param name="IsDefault">Whether no <c>connectionPool</c> applies (every limit unlimited).</param>
/// <param name="MaxConnections"><c>tcp.maxConnections</c>, or null for unlimited.</param>
/// <param name="Http1MaxPendingRequests"><c>http.http1MaxPendingRequests</c>, or null for unlimited.</param>
/// <param name="Http2MaxRequests"><c>http.http2MaxRequests</c>, or null for unlimited.</param>
/// <param name="MaxRequestsPerConnection"><c>http.maxRequestsPerConnection</c>, or null for unlimited.</param>
/// <param name="MaxRetries"><c>http.maxRetries</c> (concurrent retries to the cluster), or null for unlimited.</param>
/// <param name="ConnectTimeout"><c>tcp.connectTimeout</c> as an Istio duration.</param>
/// <param name="IdleTimeout">The idle timeout as an Istio duration (<c>0s</c>: disabled).</param>
/// <param name="MaxConnectionDuration"><c>tcp.maxConnectionDuration</c>, or null for none.</param>
/// <param name="H2UpgradePolicy"><c>http.h2UpgradePolicy</c>.</param>
/// <param name="UseClientProtocol"><c>http.useClientProtocol</c>.</param>
internal sealed record ConnectionPoolInfo(
    bool IsDefault,
    uint? MaxConnections,
    uint? Http1MaxPendingRequests,
    uint? Http2MaxRequests,
    uint? MaxRequestsPerConnection,
    uint? MaxRetries,
    string ConnectTimeout,
    string IdleTimeout,
    string? MaxConnectionDuration,
    string H2UpgradePolicy,
    bool UseClientProtocol);
