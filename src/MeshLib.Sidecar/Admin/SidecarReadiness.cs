namespace MeshLib.Sidecar.Admin;

/// <summary>Where the sidecar is in its life, as <c>/ready</c> reports it (Envoy's server states).</summary>
internal sealed class SidecarReadiness
{
    private const int Initializing = 0;
    private const int Live = 1;
    private const int Draining = 2;

    private int _state;

    /// <summary>Whether the configuration is loaded and the listeners accept requests.</summary>
    public bool IsReady => Volatile.Read(ref _state) == Live;

    /// <summary>The state as Envoy names it: <c>PRE_INITIALIZING</c>, <c>LIVE</c> or <c>DRAINING</c>.</summary>
    public string State => Volatile.Read(ref _state) switch
    {
        Live => "LIVE",
        Draining => "DRAINING",
        _ => "PRE_INITIALIZING",
    };

    /// <summary>The configuration is loaded and the listeners are open.</summary>
    public void MarkLive() => Interlocked.CompareExchange(ref _state, Live, Initializing);

    /// <summary>Shutdown has begun: new requests should go elsewhere.</summary>
    public void MarkDraining() => Volatile.Write(ref _state, Draining);
}
