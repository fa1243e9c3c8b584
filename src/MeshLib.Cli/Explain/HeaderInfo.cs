namespace MeshLib.Cli.Explain;

/// <summary>One request header.</summary>
/// <param name="Name">The header name as given.</param>
/// <param name="Value">The value.</param>
internal sealed record HeaderInfo(string Name, string Value);
