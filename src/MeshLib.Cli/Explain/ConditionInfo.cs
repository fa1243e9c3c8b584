namespace MeshLib.Cli.Explain;

/// <summary>One condition of a match block.</summary>
/// <param name="Field">The Istio field: <c>uri</c>, <c>scheme</c>, <c>method</c>, <c>authority</c>, <c>headers</c>, <c>withoutHeaders</c>, <c>queryParams</c> or <c>port</c>.</param>
/// <param name="Description">The condition as text: <c>headers end-user exact "jason"</c>.</param>
/// <param name="Matched">Whether the request satisfies it.</param>
/// <param name="Actual">What the request has for it (null when the request has no such header or parameter).</param>
internal sealed record ConditionInfo(string Field, string Description, bool Matched, string? Actual);
