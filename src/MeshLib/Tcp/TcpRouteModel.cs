using System.Net;
using MeshLib.Internal;
using MeshLib.LoadBalancing;

namespace MeshLib.Tcp;

/// <summary>A compiled VirtualService <c>tcp</c> route (or the service's default route) for one listener.</summary>
internal sealed class TcpRouteModel
{
    public TcpRouteModel(string name, string virtualService, IReadOnlyList<L4Match> matches, IReadOnlyList<TcpDestinationModel> destinations)
    {
        Name = name;
        VirtualService = virtualService;
        Matches = matches;
        Destinations = destinations;
        Picker = destinations.Count > 1 ? new WeightedPicker([.. destinations.Select(d => d.Weight)]) : null;
    }

    /// <summary><c>#index</c> of the route in its VirtualService, or <c>default</c>.</summary>
    public string Name { get; }

    /// <summary>The VirtualService as <c>Kind/namespace/name</c>; empty for the default route.</summary>
    public string VirtualService { get; }

    /// <summary>The match blocks, ORed; empty matches every connection.</summary>
    public IReadOnlyList<L4Match> Matches { get; }

    /// <summary>The weighted destinations.</summary>
    public IReadOnlyList<TcpDestinationModel> Destinations { get; }

    /// <summary>One draw over the weights, or null for a single destination.</summary>
    public WeightedPicker? Picker { get; }

    /// <summary>Whether a connection from <paramref name="source"/> to <paramref name="destination"/> takes this route.</summary>
    public bool Accepts(IPAddress destination, IPAddress source)
    {
        if (Matches.Count == 0)
        {
            return true;
        }

        foreach (var match in Matches)
        {
            if (match.Matches(destination, source))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first of <paramref name="routes"/> a connection from <paramref name="source"/> to <paramref name="destination"/> takes, or null.</summary>
    public static TcpRouteModel? First(IReadOnlyList<TcpRouteModel> routes, IPAddress destination, IPAddress source)
    {
        foreach (var route in routes)
        {
            if (route.Accepts(destination, source))
            {
                return route;
            }
        }

        return null;
    }

    /// <summary>Picks the destination of one connection (Envoy's weighted clusters, one draw per connection).</summary>
    public TcpDestinationModel PickDestination(RandomSource random) =>
        Picker is null ? Destinations[0] : Destinations[Picker.Pick(random)];
}
