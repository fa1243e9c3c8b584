namespace MeshLib.Cli.Explain;

/// <summary>A route's rewrite, applied to this request.</summary>
/// <param name="Path">The path and query sent upstream, or null when the path is not rewritten.</param>
/// <param name="Authority">The authority sent upstream, or null when it is not rewritten.</param>
internal sealed record RewriteInfo(string? Path, string? Authority);
