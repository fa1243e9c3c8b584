using MeshLib.Configuration.Resources;
using MeshLib.Configuration.VirtualService;

namespace MeshLib.Model.Gateways;

/// <summary>
/// Istio's host rules for gateways. A server host is <c>[ns/]dnsName</c>: the namespace part (<c>*</c> for any,
/// <c>.</c> for the gateway's own) says which VirtualServices may bind to it. A VirtualService serves the
/// intersection of its hosts and the server's: for each pair where one covers the other, the narrower one
/// (<c>*</c> with <c>shop.example.com</c> gives <c>shop.example.com</c>; <c>*.example.com</c> with <c>*</c> gives
/// <c>*.example.com</c>).
/// </summary>
internal static class GatewayHosts
{
    /// <summary>
    /// The hosts a VirtualService serves on a Gateway server: none unless it is bound to the server's Gateway
    /// (<c>spec.gateways</c>), else where its hosts meet the server's under Istio's namespace rules.
    /// </summary>
    public static List<string> Bound(GatewayServerModel server, MeshResource virtualServiceResource, MeshOptions options)
    {
        var virtualService = (VirtualServiceConfig)virtualServiceResource.Spec;
        var ns = virtualServiceResource.NamespaceOr(options.Namespace);
        if (!GatewayNames.Include(virtualService.Gateways, server.Gateway, ns))
        {
            return [];
        }

        var serverHosts = ForNamespace(server.Config.Hosts, ns, server.Resource.NamespaceOr(options.Namespace));
        var virtualServiceHosts = virtualService.Hosts!.Select(h => HostNames.ToFqdn(h, ns, options.ClusterDomain)).ToList();
        return Intersect(serverHosts, virtualServiceHosts);
    }

    /// <summary>The host names of <paramref name="serverHosts"/> a VirtualService of <paramref name="virtualServiceNamespace"/> may bind (Istio's <c>NamesForNamespace</c>), lower-cased.</summary>
    public static List<string> ForNamespace(IReadOnlyList<string>? serverHosts, string virtualServiceNamespace, string gatewayNamespace)
    {
        var result = new List<string>();
        foreach (var entry in serverHosts ?? [])
        {
            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                var ns = entry[..slash];
                if (ns == ".")
                {
                    ns = gatewayNamespace;
                }

                if (ns != "*" && ns != virtualServiceNamespace)
                {
                    continue;
                }
            }

            result.Add(Name(entry));
        }

        return result;
    }

    /// <summary>The DNS name of a server host, without its namespace part, lower-cased.</summary>
    public static string Name(string serverHost)
    {
        var slash = serverHost.IndexOf('/', StringComparison.Ordinal);
        return (slash < 0 ? serverHost : serverHost[(slash + 1)..]).ToLowerInvariant();
    }

    /// <summary>The names covered by both lists (Istio's <c>Names.Intersection</c>), in the order of <paramref name="first"/>.</summary>
    public static List<string> Intersect(IReadOnlyList<string> first, IReadOnlyList<string> second)
    {
        var result = new List<string>();
        foreach (var a in first)
        {
            foreach (var b in second)
            {
                var narrower = IsSubsetOf(a, b) ? a : IsSubsetOf(b, a) ? b : null;
                if (narrower is not null && !result.Contains(narrower, StringComparer.OrdinalIgnoreCase))
                {
                    result.Add(narrower);
                }
            }
        }

        return result;
    }

    /// <summary>Whether every name <paramref name="host"/> stands for is also covered by <paramref name="other"/> (Istio's <c>Name.SubsetOf</c>).</summary>
    public static bool IsSubsetOf(string host, string other)
    {
        if (host.StartsWith('*'))
        {
            return other.StartsWith('*') && host.AsSpan(1).EndsWith(other.AsSpan(1), StringComparison.OrdinalIgnoreCase);
        }

        return other.StartsWith('*')
            ? host.AsSpan().EndsWith(other.AsSpan(1), StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, other, StringComparison.OrdinalIgnoreCase);
    }
}
