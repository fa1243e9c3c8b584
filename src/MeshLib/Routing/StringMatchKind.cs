namespace MeshLib.Routing;

/// <summary>The kind of a compiled <see cref="StringMatcher"/>.</summary>
internal enum StringMatchKind
{
    /// <summary>The whole value equals the literal.</summary>
    Exact,

    /// <summary>The value starts with the literal.</summary>
    Prefix,

    /// <summary>The whole value matches an RE2 pattern (fully anchored).</summary>
    Regex,

    /// <summary>Presence only: the <c>{}</c> or <c>regex: "*"</c> form. Any value matches.</summary>
    Presence,
}
