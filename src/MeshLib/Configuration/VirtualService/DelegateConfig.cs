namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>Delegate</c>: the VirtualService whose HTTP routes are merged into a root route.</summary>
public sealed record DelegateConfig : ConfigElement
{
    /// <summary>Name of the delegate VirtualService; required.</summary>
    public string? Name { get; init; }

    /// <summary>Namespace of the delegate VirtualService; default: the root's namespace.</summary>
    public string? Namespace { get; init; }
}
