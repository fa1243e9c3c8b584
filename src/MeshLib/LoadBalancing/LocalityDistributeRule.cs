namespace MeshLib.LoadBalancing;

/// <summary>A <c>localityLbSetting.distribute</c> entry: clients matching <paramref name="From"/> send the given percentages to localities matching each <c>To</c> pattern.</summary>
/// <param name="From">Client locality pattern (trailing <c>*</c> allowed).</param>
/// <param name="To">Destination locality patterns and their percentages (1..100, adding up to 100), in configuration order.</param>
internal sealed record LocalityDistributeRule(string From, IReadOnlyList<KeyValuePair<string, uint>> To);
