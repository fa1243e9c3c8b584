namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>HTTPRewrite</c>: rewrite of path and authority before forwarding.</summary>
public sealed record HttpRewriteConfig : ConfigElement
{
    /// <summary>New path, or new prefix replacing the matched prefix; default: unchanged.</summary>
    public string? Uri { get; init; }

    /// <summary>New Host/<c>:authority</c>; default: unchanged.</summary>
    public string? Authority { get; init; }

    /// <summary>Regex substitution on the path (exclusive with <c>uri</c>); default: none.</summary>
    public RegexRewriteConfig? UriRegexRewrite { get; init; }
}
