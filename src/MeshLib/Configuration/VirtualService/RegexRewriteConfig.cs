namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>RegexRewrite</c>: an RE2 substitution on the path.</summary>
public sealed record RegexRewriteConfig : ConfigElement
{
    /// <summary>RE2 regular expression to match in the path; required.</summary>
    public string? Match { get; init; }

    /// <summary>Replacement, which may use capture groups such as <c>\1</c>; required.</summary>
    public string? Rewrite { get; init; }
}
