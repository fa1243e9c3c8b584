namespace MeshLib.LoadBalancing;

/// <summary>An endpoint's or client's locality, Istio's <c>region/zone/subzone</c>; missing parts are empty.</summary>
/// <param name="Region">The region.</param>
/// <param name="Zone">The zone.</param>
/// <param name="SubZone">The subzone.</param>
internal readonly record struct Locality(string Region, string Zone, string SubZone)
{
    /// <summary>The unknown locality (all parts empty).</summary>
    public static Locality None => new(string.Empty, string.Empty, string.Empty);

    /// <summary>Splits <c>region/zone/subzone</c> (Istio's <c>SplitLocalityLabel</c>); null or empty gives <see cref="None"/>.</summary>
    /// <param name="text">The locality text.</param>
    /// <returns>The locality.</returns>
    public static Locality Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return None;
        }

        var parts = text.Split('/', 3);
        return new Locality(parts[0], parts.Length > 1 ? parts[1] : string.Empty, parts.Length > 2 ? parts[2] : string.Empty);
    }

    /// <summary>
    /// Whether this locality matches a rule pattern such as <c>us-east/zone1/*</c>, <c>us-east/*</c> or
    /// <c>us-east</c>: <c>*</c> matches anything, and an omitted zone or subzone matches any (Istio's
    /// <c>LocalityMatch</c>).
    /// </summary>
    /// <param name="pattern">The pattern from a <c>distribute</c> rule.</param>
    /// <returns>True when it matches.</returns>
    public bool Matches(string pattern)
    {
        var rule = Parse(pattern);
        return (rule.Region == "*" || rule.Region == Region)
            && (rule.Zone is "*" or "" || rule.Zone == Zone)
            && (rule.SubZone is "*" or "" || rule.SubZone == SubZone);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Region}/{Zone}/{SubZone}";
}
