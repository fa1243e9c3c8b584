namespace MeshLib.Routing;

/// <summary>
/// One level of compiled Istio <c>HeaderOperations</c> (request or response), as Istio translates them
/// (route.go <c>TranslateHeadersOperations</c>): the <c>set</c> entries sorted by name, then the <c>add</c> entries
/// sorted by name; <c>:authority</c>/<c>Host</c> in <c>set</c> or <c>add</c> becomes <see cref="Authority"/> (the
/// <c>set</c> one wins), other pseudo-headers are dropped, and <c>:</c>-prefixed or <c>Host</c> names are dropped
/// from <c>remove</c>. Envoy removes before it writes within a level.
/// </summary>
internal sealed class HeaderOperations
{
    private readonly string[] _remove;
    private readonly HeaderMutation[] _mutations;

    /// <summary>Compiles one <c>HeaderOperations</c> block.</summary>
    /// <param name="set">The <c>set</c> map.</param>
    /// <param name="add">The <c>add</c> map.</param>
    /// <param name="remove">The <c>remove</c> list.</param>
    public HeaderOperations(
        IEnumerable<KeyValuePair<string, string>>? set = null,
        IEnumerable<KeyValuePair<string, string>>? add = null,
        IEnumerable<string>? remove = null)
    {
        var mutations = new List<HeaderMutation>();
        var setAuthority = Translate(set, append: false, mutations);
        var addAuthority = Translate(add, append: true, mutations);
        Authority = setAuthority ?? addAuthority;

        var removals = new List<string>();
        if (remove is not null)
        {
            foreach (var name in remove)
            {
                if (!IsInternal(name))
                {
                    removals.Add(name);
                }
            }
        }

        _remove = [.. removals];
        _mutations = [.. mutations];
    }

    private HeaderOperations(string[] remove, HeaderMutation[] mutations, string? authority)
    {
        _remove = remove;
        _mutations = mutations;
        Authority = authority;
    }

    /// <summary>No operations.</summary>
    public static HeaderOperations Empty { get; } = new();

    /// <summary>Header names to remove first.</summary>
    public IReadOnlyList<string> Remove => _remove;

    /// <summary>The writes, in order.</summary>
    public IReadOnlyList<HeaderMutation> Mutations => _mutations;

    /// <summary>The authority from <c>:authority</c>/<c>Host</c> in <c>set</c> (preferred) or <c>add</c>.</summary>
    public string? Authority { get; }

    /// <summary>Whether there is nothing to do (an authority alone counts as something).</summary>
    public bool IsEmpty => _remove.Length == 0 && _mutations.Length == 0 && Authority is null;

    /// <summary>
    /// Merges two blocks into one level, as Istio does for a single destination: the removes of both, then the
    /// writes of <paramref name="first"/> followed by those of <paramref name="second"/> (so a <c>set</c> in
    /// <paramref name="second"/> wins). The authority of <paramref name="first"/> wins.
    /// </summary>
    /// <param name="first">The route-level block.</param>
    /// <param name="second">The destination-level block.</param>
    /// <returns>The merged level.</returns>
    public static HeaderOperations Concat(HeaderOperations first, HeaderOperations second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (second.IsEmpty)
        {
            return first;
        }

        if (first.IsEmpty)
        {
            return second;
        }

        return new HeaderOperations([.. first._remove, .. second._remove], [.. first._mutations, .. second._mutations], first.Authority ?? second.Authority);
    }

    private static string? Translate(IEnumerable<KeyValuePair<string, string>>? headers, bool append, List<HeaderMutation> into)
    {
        if (headers is null)
        {
            return null;
        }

        string? authority = null;
        var start = into.Count;
        foreach (var (name, value) in headers)
        {
            if (IsAuthority(name))
            {
                authority = value;
            }

            if (!IsInternal(name))
            {
                into.Add(new HeaderMutation(name, value, append));
            }
        }

        // Istio sorts each list by key so the order does not depend on map iteration.
        into.Sort(start, into.Count - start, MutationNameComparer.Instance);
        return authority;
    }

    private static bool IsAuthority(string name) =>
        name.Equals(":authority", StringComparison.OrdinalIgnoreCase) || name.Equals("host", StringComparison.OrdinalIgnoreCase);

    private static bool IsInternal(string name) =>
        name.StartsWith(':') || name.Equals("host", StringComparison.OrdinalIgnoreCase);

    private sealed class MutationNameComparer : IComparer<HeaderMutation>
    {
        public static readonly MutationNameComparer Instance = new();

        public int Compare(HeaderMutation x, HeaderMutation y) => string.CompareOrdinal(x.Name, y.Name);
    }
}
