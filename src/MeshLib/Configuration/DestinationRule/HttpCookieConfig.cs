namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>ConsistentHashLB.HTTPCookie</c>: cookie used as the consistent-hash key.</summary>
public sealed record HttpCookieConfig : ConfigElement
{
    /// <summary>Cookie name; required.</summary>
    public string? Name { get; init; }

    /// <summary>Path set on a generated cookie; default none.</summary>
    public string? Path { get; init; }

    /// <summary>Lifetime of a generated cookie; 0s gives a session cookie; unset means no cookie is generated.</summary>
    public Duration? Ttl { get; init; }

    /// <summary>Extra attributes set on a generated cookie.</summary>
    public EquatableList<HttpCookieAttributeConfig>? Attributes { get; init; }
}
