namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>StringMatch</c>: a case-sensitive string match (oneof exact, prefix, regex).</summary>
public sealed record StringMatchConfig : ConfigElement
{
    /// <summary>Matches a string equal to this value; default: none.</summary>
    public string? Exact { get; init; }

    /// <summary>Matches a string that starts with this value; default: none.</summary>
    public string? Prefix { get; init; }

    /// <summary>Matches a string that fully matches this RE2 regular expression; default: none.</summary>
    public string? Regex { get; init; }
}
