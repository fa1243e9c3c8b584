namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>ConsistentHashLB.HTTPCookie.Attribute</c>: an extra attribute on a generated cookie.</summary>
public sealed record HttpCookieAttributeConfig : ConfigElement
{
    /// <summary>Attribute name, such as <c>SameSite</c>.</summary>
    public string? Name { get; init; }

    /// <summary>Attribute value; empty for a flag attribute.</summary>
    public string? Value { get; init; }
}
