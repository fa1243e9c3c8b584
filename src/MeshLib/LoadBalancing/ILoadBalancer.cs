namespace MeshLib.LoadBalancing;

/// <summary>Chooses one endpoint for one upstream attempt. Implementations are thread-safe and allocation-free per pick.</summary>
internal interface ILoadBalancer
{
    /// <summary>Picks an endpoint among <see cref="LbContext.Candidates"/>.</summary>
    /// <param name="context">The candidates, the request hash and the random source.</param>
    /// <returns>The chosen endpoint, or null when there are no candidates.</returns>
    LbEndpoint? Pick(in LbContext context);
}
