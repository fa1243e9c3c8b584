using System.Net;

namespace MeshLib.Tcp;

/// <summary>
/// The part of a VirtualService <c>tcp</c> match block that depends on the connection: <c>destinationSubnets</c>
/// (the address the application connected to, which for the sidecar's loopback listeners is 127.0.0.1) and
/// <c>sourceSubnet</c> (the application's address). <c>port</c>, <c>sourceLabels</c>, <c>sourceNamespace</c> and
/// <c>gateways</c> select listeners and workloads, and are settled when the configuration is compiled.
/// </summary>
/// <param name="DestinationSubnets">Subnets one of which must hold the destination address; empty for any.</param>
/// <param name="SourceSubnet">The subnet that must hold the source address, or null for any.</param>
internal sealed record L4Match(IReadOnlyList<IPNetwork> DestinationSubnets, IPNetwork? SourceSubnet)
{
    /// <summary>Whether the match depends on nothing: every connection matches.</summary>
    public bool MatchesAll => DestinationSubnets.Count == 0 && SourceSubnet is null;

    /// <summary>Whether a connection from <paramref name="source"/> to <paramref name="destination"/> matches.</summary>
    public bool Matches(IPAddress destination, IPAddress source)
    {
        if (SourceSubnet is { } subnet && !subnet.Contains(Normalize(source)))
        {
            return false;
        }

        if (DestinationSubnets.Count == 0)
        {
            return true;
        }

        var normalized = Normalize(destination);
        foreach (var candidate in DestinationSubnets)
        {
            if (candidate.Contains(normalized))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses Istio's form: a CIDR, or a bare IP address meaning that one address.</summary>
    /// <param name="text">The configured subnet.</param>
    /// <param name="network">The subnet.</param>
    /// <returns><see langword="false"/> when the text is neither (validation reports it).</returns>
    public static bool TryParseSubnet(string text, out IPNetwork network)
    {
        if (IPNetwork.TryParse(text, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    // A dual-mode socket reports IPv4 peers as ::ffff:a.b.c.d.
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
