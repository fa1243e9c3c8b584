namespace MeshLib.Routing;

/// <summary>
/// An index over a route table that keeps first-match-wins exact: every match block (in table order, a route's
/// blocks in their order) is filed under one condition it cannot match without — an exact header value, the presence
/// of a header it matches, an exact path, or a path prefix (also a regex's literal start) — or, having none, under
/// "always". A request gathers the
/// blocks whose key it satisfies, already sorted by table position, merges those lists by position and tests only
/// those blocks, in that order. A block left out fails its key, so it could not have matched: the first block that
/// matches is the one a linear scan finds. Built once per snapshot; lookups allocate nothing.
/// </summary>
internal sealed class RouteIndex
{
    // More candidate lists than this for one request (a path crossing many nested prefixes) falls back to a scan.
    private const int MaxLists = 16;

    private readonly RouteMatch[] _blocks;
    private readonly int[] _payloads;
    private readonly int[] _lists;
    private readonly TrieNode? _paths;
    private readonly TrieNode? _foldedPaths;
    private readonly HeaderIndex[] _headers;
    private readonly ListRange _always;

    private RouteIndex(RouteMatch[] blocks, int[] payloads, int[] lists, TrieNode? paths, TrieNode? foldedPaths, HeaderIndex[] headers, ListRange always)
    {
        _blocks = blocks;
        _payloads = payloads;
        _lists = lists;
        _paths = paths;
        _foldedPaths = foldedPaths;
        _headers = headers;
        _always = always;
    }

    // In order of preference when two keys are shared by as many blocks: most requests carry none of the headers a
    // route table tests, so header keys leave the fewest candidates.
    private enum KeyKind
    {
        HeaderValue,
        HeaderPresent,
        ExactPath,
        PathPrefix,
    }

    /// <summary>Indexes <paramref name="routes"/>, or returns null when no block has a key (a scan is then as good).</summary>
    /// <param name="routes">The routes in their configured order.</param>
    /// <returns>The index, or null.</returns>
    public static RouteIndex? TryCreate(IReadOnlyList<RouteEntry> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var blocks = new List<RouteMatch>();
        var payloads = new List<int>();
        foreach (var route in routes)
        {
            if (route.Matches.Length == 0)
            {
                blocks.Add(RouteMatch.Any);
                payloads.Add(route.Payload);
                continue;
            }

            foreach (var block in route.Matches)
            {
                blocks.Add(block);
                payloads.Add(route.Payload);
            }
        }

        // Each block goes under its most selective key: the one the fewest blocks share.
        var keys = new List<Key>[blocks.Count];
        var shared = new Dictionary<Key, int>();
        for (var i = 0; i < blocks.Count; i++)
        {
            keys[i] = KeysOf(blocks[i]);
            foreach (var key in keys[i])
            {
                shared[key] = shared.GetValueOrDefault(key) + 1;
            }
        }

        var paths = new TrieBuilder();
        var foldedPaths = new TrieBuilder();
        var headers = new Dictionary<string, HeaderBuilder>(StringComparer.Ordinal);
        var always = new List<int>();
        for (var i = 0; i < blocks.Count; i++)
        {
            if (keys[i].Count == 0)
            {
                always.Add(i);
                continue;
            }

            var best = keys[i][0];
            foreach (var key in keys[i])
            {
                if (shared[key] < shared[best] || (shared[key] == shared[best] && key.Kind < best.Kind))
                {
                    best = key;
                }
            }

            switch (best.Kind)
            {
                case KeyKind.HeaderValue or KeyKind.HeaderPresent:
                    if (!headers.TryGetValue(best.Name, out var header))
                    {
                        headers[best.Name] = header = new HeaderBuilder();
                    }

                    if (best.Kind == KeyKind.HeaderPresent)
                    {
                        header.Present.Add(i);
                        break;
                    }

                    if (!header.Values.TryGetValue(best.Value, out var list))
                    {
                        header.Values[best.Value] = list = [];
                    }

                    list.Add(i);
                    break;
                default:
                    var trie = best.IgnoreCase ? foldedPaths : paths;
                    trie.Add(best.IgnoreCase ? FoldAscii(best.Value) : best.Value, best.Kind == KeyKind.ExactPath, i);
                    break;
            }
        }

        if (always.Count == blocks.Count)
        {
            return null;
        }

        var pool = new List<int>();
        var headerIndexes = new HeaderIndex[headers.Count];
        var h = 0;
        foreach (var (name, header) in headers)
        {
            var ranges = new Dictionary<string, ListRange>(StringComparer.Ordinal);
            foreach (var (value, list) in header.Values)
            {
                ranges[value] = Append(pool, list);
            }

            headerIndexes[h++] = new HeaderIndex(name, Append(pool, header.Present), ranges);
        }

        var alwaysRange = Append(pool, always);
        var pathRoot = paths.IsEmpty ? null : paths.Freeze(pool);
        var foldedRoot = foldedPaths.IsEmpty ? null : foldedPaths.Freeze(pool);
        return new RouteIndex([.. blocks], [.. payloads], [.. pool], pathRoot, foldedRoot, headerIndexes, alwaysRange);
    }

    /// <summary>The payload of the first matching route, or -1, and the block that matched; as a linear scan finds them.</summary>
    /// <param name="request">The request.</param>
    /// <param name="destinationPort">The port the request is for.</param>
    /// <param name="matched">The block that matched, when a route matched.</param>
    /// <returns>The payload, or -1.</returns>
    public int Select(in RequestView request, int destinationPort, out RouteMatch? matched)
    {
        // Start and end of each candidate list within _lists.
        Span<int> ranges = stackalloc int[2 * MaxLists];
        var count = 0;
        var complete = Add(ranges, ref count, _always);
        var path = request.Path;
        if (_paths is not null)
        {
            complete &= Walk(_paths, path, folded: false, ranges, ref count);
        }

        if (_foldedPaths is not null)
        {
            complete &= Walk(_foldedPaths, path, folded: true, ranges, ref count);
        }

        foreach (var header in _headers)
        {
            if (!request.TryGetHeader(header.Name, out var value))
            {
                continue;
            }

            complete &= Add(ranges, ref count, header.Present);
            if (header.HasValues && header.Values.TryGetValue(value, out var range))
            {
                complete &= Add(ranges, ref count, range);
            }
        }

        return complete
            ? SelectFrom(ranges[..(2 * count)], in request, destinationPort, out matched)
            : Scan(in request, destinationPort, out matched);
    }

    private static List<Key> KeysOf(RouteMatch block)
    {
        var keys = new List<Key>();
        if (block.Uri is { } uri && (!uri.IgnoreCase || IsAscii(uri.RequiredPrefix)))
        {
            if (uri.Kind == StringMatchKind.Exact)
            {
                keys.Add(new Key(KeyKind.ExactPath, string.Empty, uri.Value, uri.IgnoreCase));
            }
            else if (uri.Kind is StringMatchKind.Prefix or StringMatchKind.Regex && uri.RequiredPrefix.Length > 1)
            {
                // "/" (or nothing) is shared by every path: no key.
                keys.Add(new Key(KeyKind.PathPrefix, string.Empty, uri.RequiredPrefix, uri.IgnoreCase));
            }
        }

        foreach (var header in block.Headers)
        {
            // A withoutHeaders entry can pass without the header; a headers entry never does.
            if (header.Invert)
            {
                continue;
            }

            if (header.Matcher is { Kind: StringMatchKind.Exact, IgnoreCase: false } exact)
            {
                keys.Add(new Key(KeyKind.HeaderValue, header.Name, exact.Value, IgnoreCase: false));
            }
            else if (!header.Name.StartsWith(':'))
            {
                // Pseudo-headers are always there: only real headers narrow by presence.
                keys.Add(new Key(KeyKind.HeaderPresent, header.Name, string.Empty, IgnoreCase: false));
            }
        }

        return keys;
    }

    private static bool IsAscii(string text) => System.Text.Ascii.IsValid(text);

    // Ordinal ignore-case equality of ASCII text with any text is ASCII case folding: no other character equals an
    // ASCII one ignoring case. Only ASCII literals are folded into the index.
    private static char FoldAscii(char c) => c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;

    private static string FoldAscii(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = FoldAscii(source[i]);
        }
    });

    private static ListRange Append(List<int> pool, List<int> list)
    {
        var start = pool.Count;
        pool.AddRange(list);
        return new ListRange(start, pool.Count);
    }

    private static bool Add(Span<int> ranges, ref int count, ListRange range)
    {
        if (range.Start == range.End)
        {
            return true;
        }

        if (count == MaxLists)
        {
            return false;
        }

        ranges[2 * count] = range.Start;
        ranges[(2 * count) + 1] = range.End;
        count++;
        return true;
    }

    // Gathers the lists of every literal the path starts with (and of the literal it equals), walking the path once.
    private static bool Walk(TrieNode root, ReadOnlySpan<char> path, bool folded, Span<int> ranges, ref int count)
    {
        var complete = true;
        var node = root;
        var position = 0;
        while (true)
        {
            complete &= Add(ranges, ref count, node.Prefix);
            if (position == path.Length)
            {
                return complete & Add(ranges, ref count, node.Exact);
            }

            var first = folded ? FoldAscii(path[position]) : path[position];
            var child = node.Find(first);
            if (child is null || !SegmentMatches(path[position..], child.Segment, folded))
            {
                return complete;
            }

            position += child.Segment.Length;
            node = child;
        }
    }

    private static bool SegmentMatches(ReadOnlySpan<char> rest, string segment, bool folded)
    {
        if (rest.Length < segment.Length)
        {
            return false;
        }

        if (!folded)
        {
            return rest.StartsWith(segment, StringComparison.Ordinal);
        }

        for (var i = 0; i < segment.Length; i++)
        {
            if (FoldAscii(rest[i]) != segment[i])
            {
                return false;
            }
        }

        return true;
    }

    // Blocks from the sorted lists in table order: the smallest head first.
    private int SelectFrom(Span<int> ranges, in RequestView request, int destinationPort, out RouteMatch? matched)
    {
        while (true)
        {
            var best = -1;
            var bestEntry = int.MaxValue;
            for (var k = 0; k < ranges.Length; k += 2)
            {
                if (ranges[k] < ranges[k + 1] && _lists[ranges[k]] < bestEntry)
                {
                    best = k;
                    bestEntry = _lists[ranges[k]];
                }
            }

            if (best < 0)
            {
                matched = null;
                return -1;
            }

            ranges[best]++;
            var block = _blocks[bestEntry];
            if (block.Matches(in request, destinationPort))
            {
                matched = block;
                return _payloads[bestEntry];
            }
        }
    }

    private int Scan(in RequestView request, int destinationPort, out RouteMatch? matched)
    {
        for (var i = 0; i < _blocks.Length; i++)
        {
            if (_blocks[i].Matches(in request, destinationPort))
            {
                matched = _blocks[i];
                return _payloads[i];
            }
        }

        matched = null;
        return -1;
    }

    /// <summary>A condition a block cannot match without.</summary>
    private readonly record struct Key(KeyKind Kind, string Name, string Value, bool IgnoreCase);

    /// <summary>A list of block positions (ascending) within the shared pool.</summary>
    private readonly record struct ListRange(int Start, int End);

    /// <summary>The blocks keyed by one header: by its presence, and by its exact values.</summary>
    private sealed class HeaderIndex(string name, ListRange present, Dictionary<string, ListRange> values)
    {
        public string Name { get; } = name;

        public ListRange Present { get; } = present;

        public bool HasValues { get; } = values.Count > 0;

        public Dictionary<string, ListRange>.AlternateLookup<ReadOnlySpan<char>> Values { get; } = values.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private sealed class HeaderBuilder
    {
        public List<int> Present { get; } = [];

        public Dictionary<string, List<int>> Values { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>A node of a radix tree over path literals: the edge leading into it, its children, its lists.</summary>
    private sealed class TrieNode(string segment, char[] firstChars, TrieNode[] children, ListRange prefix, ListRange exact)
    {
        public string Segment { get; } = segment;

        public ListRange Prefix { get; } = prefix;

        public ListRange Exact { get; } = exact;

        public TrieNode? Find(char first)
        {
            var i = Array.BinarySearch(firstChars, first);
            return i >= 0 ? children[i] : null;
        }
    }

    private sealed class TrieBuilder
    {
        private readonly BuilderNode _root = new(string.Empty);

        public bool IsEmpty { get; private set; } = true;

        public void Add(string literal, bool exact, int block)
        {
            IsEmpty = false;
            var node = _root;
            var position = 0;
            while (position < literal.Length)
            {
                var rest = literal.AsSpan(position);
                var first = rest[0];
                var child = node.Children.Find(c => c.Segment[0] == first);
                if (child is null)
                {
                    child = new BuilderNode(rest.ToString());
                    node.Children.Add(child);
                    node = child;
                    break;
                }

                var common = rest.CommonPrefixLength(child.Segment);
                if (common < child.Segment.Length)
                {
                    // The literal ends or turns inside the edge: split it so that a node sits where the literal ends.
                    var split = new BuilderNode(child.Segment[..common]);
                    child.Segment = child.Segment[common..];
                    split.Children.Add(child);
                    node.Children[node.Children.IndexOf(child)] = split;
                    child = split;
                }

                node = child;
                position += common;
            }

            (exact ? node.Exact : node.Prefix).Add(block);
        }

        public TrieNode Freeze(List<int> pool) => Freeze(_root, pool);

        private static TrieNode Freeze(BuilderNode node, List<int> pool)
        {
            var children = node.Children.OrderBy(c => c.Segment[0]).ToArray();
            var frozen = new TrieNode[children.Length];
            for (var i = 0; i < children.Length; i++)
            {
                frozen[i] = Freeze(children[i], pool);
            }

            // Blocks were added in table order, so each list is already ascending.
            return new TrieNode(
                node.Segment,
                [.. children.Select(c => c.Segment[0])],
                frozen,
                Append(pool, node.Prefix),
                Append(pool, node.Exact));
        }

        private sealed class BuilderNode(string segment)
        {
            public string Segment { get; set; } = segment;

            public List<BuilderNode> Children { get; } = [];

            public List<int> Prefix { get; } = [];

            public List<int> Exact { get; } = [];
        }
    }
}
