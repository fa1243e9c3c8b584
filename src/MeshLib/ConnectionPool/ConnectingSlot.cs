namespace MeshLib.ConnectionPool;

/// <summary>
/// An attempt's place in the pending queue while its new connection is being established. Envoy keeps a request
/// pending (and counted against <c>http1MaxPendingRequests</c>) until its connection is up, which is what makes
/// <c>maxRequestsPerConnection: 1</c> overflow under concurrency; the transport's connect callback releases it.
/// </summary>
internal sealed class ConnectingSlot(ClusterLimiter limiter)
{
    /// <summary>Where the slot travels with the request to the transport's connect callback.</summary>
    public static readonly HttpRequestOptionsKey<ConnectingSlot> RequestOption = new("MeshLib.ConnectingSlot");

    private int _released;

    /// <summary>Leaves the pending queue (connection established, or the attempt ended); only the first call counts.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            limiter.ExitConnecting();
        }
    }
}
