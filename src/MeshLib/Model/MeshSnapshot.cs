using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;
using MeshLib.Discovery;
using MeshLib.Model.Gateways;
using MeshLib.Tcp;

namespace MeshLib.Model;

/// <summary>
/// The compiled, immutable mesh configuration. A request reads the snapshot once and uses it throughout, so a
/// reload never changes a request half-way.
/// </summary>
internal sealed class MeshSnapshot
{
    public required long Version { get; init; }

    /// <summary>The resources it was compiled from, in load order.</summary>
    public required IReadOnlyList<MeshResource> Resources { get; init; }

    /// <summary>The warnings the configuration produced.</summary>
    public required IReadOnlyList<ConfigDiagnostic> Warnings { get; init; }

    /// <summary>Virtual hosts by request host.</summary>
    public required HostIndex Hosts { get; init; }

    /// <summary>The service registry.</summary>
    public required ServiceRegistry Services { get; init; }

    /// <summary>Every cluster a route or default route can reach, by name.</summary>
    public required IReadOnlyDictionary<string, ClusterModel> Clusters { get; init; }

    /// <summary>The gateway listeners and their route tables (empty without Gateways).</summary>
    public GatewayCatalog Gateways { get; init; } = GatewayCatalog.Empty;

    /// <summary>Every TCP port of the registry's services, with its routes (the sidecar listens for each).</summary>
    public IReadOnlyList<TcpServiceModel> TcpServices { get; init; } = [];

    /// <summary>The namespace of this workload.</summary>
    public required string Namespace { get; init; }

    public int ResourceCount => Resources.Count;

    /// <summary>The TCP service for <paramref name="host"/> (FQDN) and <paramref name="port"/>, or null when the configuration has none.</summary>
    public TcpServiceModel? FindTcpService(string host, int port)
    {
        foreach (var service in TcpServices)
        {
            if (service.Port == port && string.Equals(service.Host, host, StringComparison.Ordinal))
            {
                return service;
            }
        }

        return null;
    }
}
