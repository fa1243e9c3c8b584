using MeshLib.Configuration.Resources;
using MeshLib.Configuration.ServiceEntry;
using MeshLib.Configuration.Validation;
using MeshLib.Model;

namespace MeshLib.Sidecar.Tcp;

/// <summary>
/// Where the sidecar's TCP listener of a registry service port opens: <c>--tcp-listen HOST:PORT</c> first, then
/// <c>--tcp-listen PORT</c>, then the service port shifted by <c>--tcp-port-offset</c>.
/// </summary>
internal sealed class TcpListenPorts(SidecarOptions options, string clusterDomain)
{
    /// <summary>The local port for <paramref name="host"/> (FQDN):<paramref name="port"/>, and whether <c>--tcp-listen</c> chose it.</summary>
    public (int LocalPort, bool Explicit) For(string host, int port)
    {
        TcpListenMapping? anyHost = null;
        foreach (var mapping in options.TcpListen)
        {
            if (mapping.Port != port)
            {
                continue;
            }

            if (mapping.Host is null)
            {
                anyHost ??= mapping;
            }
            else if (HostNames.ToFqdn(mapping.Host, options.Namespace, clusterDomain) == host)
            {
                return (mapping.LocalPort, true);
            }
        }

        return anyHost is not null ? (anyHost.LocalPort, true) : (port + options.TcpPortOffset, false);
    }

    /// <summary>
    /// The local ports the TCP ports of the ServiceEntries among <paramref name="resources"/> take, each with its
    /// service as <c>host:port</c> (the first in load order when several take one port). Read from the resources, so
    /// that configuration checks see them before the configuration is compiled.
    /// </summary>
    public Dictionary<int, string> ForServiceEntries(IReadOnlyList<MeshResource> resources, string defaultNamespace)
    {
        var result = new Dictionary<int, string>();
        foreach (var resource in resources)
        {
            if (resource.Spec is not ServiceEntryConfig { Hosts: { } hosts, Ports: { } ports } entry)
            {
                continue;
            }

            var ns = resource.NamespaceOr(defaultNamespace);
            if (!ExportRules.IsVisible(entry.ExportTo, ns, options.Namespace))
            {
                continue;
            }

            foreach (var host in hosts)
            {
                var fqdn = HostNames.ToFqdn(host ?? string.Empty, ns, clusterDomain);
                if (fqdn.Length == 0 || fqdn.StartsWith('*'))
                {
                    continue;
                }

                foreach (var port in ports)
                {
                    if (port is { Number: { } number and > 0 and <= 65535 } && ServicePortProtocol.IsTcp(port.Protocol)
                        && For(fqdn, (int)number) is { LocalPort: > 0 and <= 65535 } local)
                    {
                        result.TryAdd(local.LocalPort, $"{fqdn}:{number}");
                    }
                }
            }
        }

        return result;
    }
}
