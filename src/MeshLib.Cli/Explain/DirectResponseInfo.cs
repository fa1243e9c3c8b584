namespace MeshLib.Cli.Explain;

/// <summary>The fixed response a route answers with.</summary>
/// <param name="Status">The status.</param>
/// <param name="Body">The body as text, or null when there is none.</param>
internal sealed record DirectResponseInfo(int Status, string? Body);
