namespace MeshLib.Routing;

/// <summary>One HTTP route for <see cref="RouteSelector"/>: its match blocks (ORed) and what it leads to.</summary>
internal sealed class RouteEntry
{
    /// <summary>Creates a route entry.</summary>
    /// <param name="matches">The match blocks, ORed; empty matches every request.</param>
    /// <param name="payload">The caller's index for the route (into its compiled route array).</param>
    public RouteEntry(IReadOnlyList<RouteMatch> matches, int payload)
    {
        ArgumentNullException.ThrowIfNull(matches);
        Matches = [.. matches];
        Payload = payload;
    }

    /// <summary>The match blocks.</summary>
    public RouteMatch[] Matches { get; }

    /// <summary>The caller's index for the route.</summary>
    public int Payload { get; }
}
