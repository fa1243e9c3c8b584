namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>HTTPMatchRequest</c>: one match block; all set fields must match.</summary>
public sealed record HttpMatchRequestConfig : ConfigElement
{
    /// <summary>Match name, joined with the route name in logs and stats; default: none.</summary>
    public string? Name { get; init; }

    /// <summary>Match on the request path (without query or fragment); default: any.</summary>
    public StringMatchConfig? Uri { get; init; }

    /// <summary>Match on the URI scheme (<c>:scheme</c>); default: any.</summary>
    public StringMatchConfig? Scheme { get; init; }

    /// <summary>Match on the HTTP method (<c>:method</c>); default: any.</summary>
    public StringMatchConfig? Method { get; init; }

    /// <summary>Match on the authority (<c>:authority</c>/Host); default: any.</summary>
    public StringMatchConfig? Authority { get; init; }

    /// <summary>Header matches by lower-case name; an empty match tests presence; default: none.</summary>
    public EquatableDictionary<StringMatchConfig>? Headers { get; init; }

    /// <summary>Restricts the match to this destination port; default: any port.</summary>
    public uint? Port { get; init; }

    /// <summary>Selects the client workloads, by labels, that this match applies to; default: all.</summary>
    public EquatableDictionary<string>? SourceLabels { get; init; }

    /// <summary>Gateways this match applies to, overriding the top-level <c>gateways</c>; default: the top-level list.</summary>
    public EquatableList<string>? Gateways { get; init; }

    /// <summary>Query parameter matches by name; default: none.</summary>
    public EquatableDictionary<StringMatchConfig>? QueryParams { get; init; }

    /// <summary>Case-insensitive matching of exact and prefix <c>uri</c> matches; default: false.</summary>
    public bool? IgnoreUriCase { get; init; }

    /// <summary>Negated header matches: the block matches only if these do not; default: none.</summary>
    public EquatableDictionary<StringMatchConfig>? WithoutHeaders { get; init; }

    /// <summary>Selects client workloads by namespace; default: all namespaces.</summary>
    public string? SourceNamespace { get; init; }

    /// <summary>Prefix for the per-route stats of this match; default: none.</summary>
    public string? StatPrefix { get; init; }
}
