using MeshLib.Configuration.Common;

namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>Destination</c>: a service in the registry, optionally a subset and port of it.</summary>
public sealed record DestinationConfig : ConfigElement
{
    /// <summary>Service host name from the registry (short names resolve in the config namespace); required.</summary>
    public string? Host { get; init; }

    /// <summary>Subset name defined in the host's DestinationRule; default: all endpoints.</summary>
    public string? Subset { get; init; }

    /// <summary>Port of the service; default: its only port, else the request port.</summary>
    public PortSelectorConfig? Port { get; init; }
}
