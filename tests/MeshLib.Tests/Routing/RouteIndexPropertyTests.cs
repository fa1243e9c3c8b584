using System.Text;
using MeshLib.Routing;

namespace MeshLib.Tests.Routing;

/// <summary>
/// The indexed <see cref="RouteSelector"/> must pick exactly what Envoy's linear first-match scan picks — the same
/// route and the same match block — on random route tables and requests drawn from a small alphabet, so that paths,
/// prefixes, regex literals and header values collide often.
/// </summary>
public class RouteIndexPropertyTests
{
    private static readonly string[] Segments = ["a", "b", "ab", "A", "api", "API", "v1", "v10", "r1", "r12", "x.y", "ı"];
    private static readonly string[] HeaderNames = ["x-a", "x-b", "End-User", ":method", ":authority", "host"];
    private static readonly string[] HeaderValues = ["1", "2", "12", "a", "A", "GET", "r:80", "r"];
    // Regex pieces, each with texts it matches (so that values matching a whole pattern can be built).
    private static readonly (string Piece, string[] Samples)[] RegexPieces =
    [
        ("[a-b]+", ["a", "ab", "bba"]),
        (".*", ["", "/x", "A.b"]),
        ("(a|b)", ["a", "b"]),
        ("x?", ["", "x"]),
        (@"\/", ["/"]),
        ("[^/]*", ["", "ab", "v1"]),
        ("v[0-9]+", ["v1", "v10"]),
        (@"\d+", ["1", "42"]),
        ("a{0,2}", ["", "a", "aa"]),
        ("[]a]*", ["", "]", "a]a"]),
        (@"\.", ["."]),
        ("(?i)api", ["api", "API", "aPi"]),
        ("b+", ["b", "bbb"]),
        ("(v1|v10)/", ["v1/", "v10/"]),
        ("ab?", ["a", "ab"]),
        (@"x\.*", ["x", "x..."]),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void IndexedSelect_EqualsLinearScan(int seed)
    {
        var random = new Random(seed);
        for (var table = 0; table < 50; table++)
        {
            var routes = RandomTable(random, routeCount: random.Next(1, 40));
            var selector = new RouteSelector(routes);
            for (var request = 0; request < 150; request++)
            {
                var (view, port) = RandomRequest(random);
                var expected = LinearScan(routes, in view, port, out var expectedBlock);
                var actual = selector.Select(in view, port, out var actualBlock);

                Assert.True(expected == actual, $"table {table} (seed {seed}), {Describe(view)} port {port}: scan {expected}, index {actual}");
                Assert.Same(expectedBlock, actualBlock);
            }
        }
    }

    [Fact]
    public void RegexLiteralPrefix_StartsEveryMatch()
    {
        // Independent of StringMatcher (whose regex check uses the prefix as a pre-filter): the raw anchored regex.
        var random = new Random(42);
        for (var i = 0; i < 3_000; i++)
        {
            var (pattern, sample) = RandomRegexWithSample(random);
            var regex = MeshLib.Configuration.Validation.CommonRules.CompileRe2(pattern, System.Text.RegularExpressions.RegexOptions.None);
            var prefix = RegexLiteralPrefix.Of(pattern);
            foreach (var value in new[] { sample, sample + "/", "/" + sample, sample.ToUpperInvariant() })
            {
                if (regex.IsMatch(value))
                {
                    Assert.True(value.StartsWith(prefix, StringComparison.Ordinal), $"/{pattern}/ matches \"{value}\" but the prefix is \"{prefix}\"");
                }
            }
        }
    }

    [Fact]
    public void ManyNestedPrefixes_StillFirstMatch()
    {
        // A path under more nested prefixes than the index merges at once takes the scan: same answer.
        var routes = new List<RouteEntry>();
        var prefix = new StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            prefix.Append("/a");
            routes.Add(new RouteEntry([new RouteMatch(uri: StringMatcher.Prefix(prefix.ToString()), headers: [new HeaderMatcher("x-n", StringMatcher.Exact(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))])], payload: i));
        }

        var selector = new RouteSelector(routes);
        var path = "http://r" + prefix + "/z";

        Assert.Equal(37, selector.Select(Requests.View(path, ("x-n", "37")), 80));
        Assert.Equal(3, selector.Select(Requests.View("http://r/a/a/a/a/z", ("x-n", "3")), 80));
        Assert.Equal(-1, selector.Select(Requests.View("http://r/a/a/z", ("x-n", "3")), 80));
    }

    [Theory]
    [InlineData("/api/v1/.*", "/api/v1/")]
    [InlineData(@"/api/v\d+/items", "/api/v")]
    [InlineData("/api/r7/[a-z]+/[0-9]+", "/api/r7/")]
    [InlineData("t7(-.*)?", "t7")]
    [InlineData("/ab?c", "/a")]
    [InlineData("/ab*", "/a")]
    [InlineData("/ab+", "/a")]
    [InlineData("/ab{2}", "/a")]
    [InlineData(@"\/x\.y/z", "/x.y/z")]
    [InlineData(@"\/x\.*", "/x")]
    [InlineData("/a|/b", "")]
    [InlineData("/a(b|c)|d", "")]
    [InlineData("/a(b|c)d", "/a")]
    [InlineData("/a[|]b", "/a")]
    [InlineData("[]|]x|y", "")]
    [InlineData("(?i)/api", "")]
    [InlineData(@"\d+", "")]
    [InlineData("^/a", "")]
    [InlineData(".*", "")]
    [InlineData("/a b", "/a")]
    public void RegexLiteralPrefix_IsTheFixedStart(string pattern, string expected) =>
        Assert.Equal(expected, RegexLiteralPrefix.Of(pattern));

    private static int LinearScan(IReadOnlyList<RouteEntry> routes, in RequestView view, int port, out RouteMatch? matched)
    {
        foreach (var route in routes)
        {
            if (route.Matches.Length == 0)
            {
                matched = RouteMatch.Any;
                return route.Payload;
            }

            foreach (var block in route.Matches)
            {
                if (block.Matches(in view, port))
                {
                    matched = block;
                    return route.Payload;
                }
            }
        }

        matched = null;
        return -1;
    }

    private static List<RouteEntry> RandomTable(Random random, int routeCount)
    {
        var routes = new List<RouteEntry>();
        for (var i = 0; i < routeCount; i++)
        {
            // Blockless routes match everything: rare, so that later routes still get a chance.
            var blocks = random.Next(30) == 0 ? 0 : random.Next(1, 4);
            var matches = new List<RouteMatch>();
            for (var b = 0; b < blocks; b++)
            {
                matches.Add(RandomBlock(random));
            }

            routes.Add(new RouteEntry(matches, payload: i));
        }

        return routes;
    }

    private static RouteMatch RandomBlock(Random random)
    {
        var headers = new List<HeaderMatcher>();
        var without = new List<HeaderMatcher>();
        for (var h = random.Next(3); h > 0; h--)
        {
            var invert = random.Next(4) == 0;
            var matcher = new HeaderMatcher(Pick(random, HeaderNames), RandomValueMatcher(random), invert);
            (invert ? without : headers).Add(matcher);
        }

        return new RouteMatch(
            uri: random.Next(5) == 0 ? null : RandomUriMatcher(random),
            method: random.Next(8) == 0 ? StringMatcher.Exact(random.Next(2) == 0 ? "GET" : "POST") : null,
            headers: headers,
            withoutHeaders: without,
            queryParams: random.Next(8) == 0 ? [new QueryParamMatcher("q", RandomValueMatcher(random))] : null,
            port: random.Next(8) == 0 ? (uint)(random.Next(2) == 0 ? 80 : 8080) : null);
    }

    private static StringMatcher RandomUriMatcher(Random random)
    {
        var path = RandomPath(random, maxSegments: 3);
        switch (random.Next(6))
        {
            case 0:
                return StringMatcher.Exact(path, ignoreCase: random.Next(3) == 0);
            case 1:
            case 2:
                // Prefixes that end inside a segment as well as on a slash.
                var cut = random.Next(path.Length + 1);
                return StringMatcher.Prefix(path[..cut], ignoreCase: random.Next(3) == 0);
            case 3:
            case 4:
                return StringMatcher.Regex(RandomRegex(random));
            default:
                return StringMatcher.Presence();
        }
    }

    private static StringMatcher RandomValueMatcher(Random random) => random.Next(5) switch
    {
        0 or 1 => StringMatcher.Exact(Pick(random, HeaderValues)),
        2 => StringMatcher.Prefix(Pick(random, HeaderValues)[..1]),
        3 => StringMatcher.Regex(random.Next(2) == 0 ? "1.*" : "[a-z]|2"),
        _ => StringMatcher.Presence(),
    };

    private static string RandomRegex(Random random) => RandomRegexWithSample(random).Pattern;

    private static (string Pattern, string Sample) RandomRegexWithSample(Random random)
    {
        var pattern = new StringBuilder();
        var sample = new StringBuilder();
        var pieces = random.Next(1, 5);
        for (var i = 0; i < pieces; i++)
        {
            if (random.Next(3) == 0)
            {
                var (piece, samples) = Pick(random, RegexPieces);
                pattern.Append(piece);
                sample.Append(Pick(random, samples));
            }
            else
            {
                var segment = Pick(random, Segments);
                pattern.Append('/').Append(segment.Replace(".", @"\.", StringComparison.Ordinal));
                sample.Append('/').Append(segment);
            }
        }

        // Sometimes a top-level alternation, which leaves no literal prefix; the sample may then take either side.
        if (random.Next(6) == 0)
        {
            var segment = Pick(random, Segments);
            pattern.Append("|/").Append(segment.Replace(".", @"\.", StringComparison.Ordinal)).Append(".*");
            if (random.Next(2) == 0)
            {
                sample.Clear().Append('/').Append(segment).Append("/z");
            }
        }

        return (pattern.ToString(), sample.ToString());
    }

    private static string RandomPath(Random random, int maxSegments)
    {
        var path = new StringBuilder();
        var segments = random.Next(0, maxSegments + 1);
        for (var i = 0; i < segments; i++)
        {
            path.Append('/').Append(Pick(random, Segments));
        }

        if (segments == 0 || random.Next(4) == 0)
        {
            path.Append('/');
        }

        return path.ToString();
    }

    private static (RequestView View, int Port) RandomRequest(Random random)
    {
        var url = "http://r" + RandomPath(random, maxSegments: 4) + (random.Next(4) == 0 ? "?q=" + Pick(random, HeaderValues) : string.Empty);
        var headers = new List<(string, string)>();
        foreach (var name in new[] { "x-a", "x-b", "end-user" })
        {
            if (random.Next(2) == 0)
            {
                headers.Add((name, Pick(random, HeaderValues)));
            }
        }

        var method = random.Next(4) == 0 ? HttpMethod.Post : HttpMethod.Get;
        return (Requests.View(method, url, [.. headers]), random.Next(2) == 0 ? 80 : 8080);
    }

    private static string Describe(RequestView view) => $"{view.Method} {view.PathAndQuery}";

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
