namespace MeshLib;

/// <summary>Istio's <c>outboundTrafficPolicy.mode</c>: what to do with a host no configuration knows.</summary>
public enum OutboundTrafficPolicy
{
    /// <summary>Forward the request unchanged (Istio's mesh default, <c>ALLOW_ANY</c>).</summary>
    AllowAny,

    /// <summary>Refuse it with 502, as Istio's BlackHole cluster does (<c>REGISTRY_ONLY</c>).</summary>
    RegistryOnly,
}
