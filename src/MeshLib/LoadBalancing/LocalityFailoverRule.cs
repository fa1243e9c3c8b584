namespace MeshLib.LoadBalancing;

/// <summary>A <c>localityLbSetting.failover</c> entry: clients in region <paramref name="From"/> fail over to region <paramref name="To"/>.</summary>
/// <param name="From">The client region.</param>
/// <param name="To">The preferred other region.</param>
internal sealed record LocalityFailoverRule(string From, string To);
