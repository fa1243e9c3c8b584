namespace MeshLib.Cli.Explain;

/// <summary>The explained request, as the router reads it.</summary>
/// <param name="Method">The method (<c>:method</c>).</param>
/// <param name="Url">The URL as given.</param>
/// <param name="Authority">The authority (<c>:authority</c>), port included when there is one.</param>
/// <param name="Host">The authority without its port: what selects the virtual host.</param>
/// <param name="Port">The destination port: the authority's port, else the scheme default.</param>
/// <param name="Path">The path and query (<c>:path</c>).</param>
/// <param name="Headers">The headers given with <c>-H</c>, in order.</param>
internal sealed record RequestInfo(
    string Method,
    string Url,
    string Authority,
    string Host,
    int Port,
    string Path,
    IReadOnlyList<HeaderInfo> Headers);
