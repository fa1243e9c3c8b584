namespace MeshLib.Cli.Explain;

/// <summary>One match block of a route (its conditions are ANDed; a route's blocks are ORed).</summary>
/// <param name="Index">The block's position in the route (null for a route without match blocks).</param>
/// <param name="Name">The block's <c>name</c>, if any.</param>
/// <param name="Description">The conditions as text: <c>headers end-user exact "jason"</c>; <c>any request</c> when there are none.</param>
/// <param name="Matched">Whether the request satisfies the block.</param>
/// <param name="Conditions">Each condition with its own result.</param>
internal sealed record MatchInfo(int? Index, string? Name, string Description, bool Matched, IReadOnlyList<ConditionInfo> Conditions);
