using System.Net;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Http;

/// <summary>Every HTTPMatchRequest field through the real handler: the first route whose block matches wins, none → 404.</summary>
public sealed class MatchTests(ReviewsBackends backends) : IClassFixture<ReviewsBackends>
{
    private const string Url = "http://reviews:9080";

    /// <summary>A VirtualService for reviews whose first route (<paramref name="match"/>, YAML under <c>match:</c>) goes to v2; everything else to v1.</summary>
    private static string MatchV2ElseV1(string match, bool withFallback = true)
    {
        var indented = string.Join('\n', match.Split('\n').Select(line => "    " + line));
        var fallback = withFallback ? "\n  - route:\n    - destination: {host: reviews, subset: v1}" : string.Empty;
        return $"""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts: [reviews]
              http:
              - match:
            {indented}
                route:
                - destination: {"{"}host: reviews, subset: v2{"}"}
            """ + fallback;
    }

    private MeshHarness Mesh(string virtualService) => MeshHarness.FromYaml(backends.Registry, ReviewsBackends.Subsets(), virtualService);

    [Theory]
    [InlineData("/reviews/1", "reviews-v2")]
    [InlineData("/reviews/1?x=y", "reviews-v2")]
    [InlineData("/reviews/12", "reviews-v1")]
    [InlineData("/Reviews/1", "reviews-v1")]
    public async Task UriExact_ComparesThePathWithoutTheQuery(string path, string expected)
    {
        await using var mesh = Mesh(MatchV2ElseV1("- uri: {exact: /reviews/1}"));
        Assert.Equal(expected, await mesh.BackendOfAsync(Url + path));
    }

    [Theory]
    [InlineData("/api", "reviews-v2")]
    [InlineData("/apis/x", "reviews-v2")]
    [InlineData("/api/v1?q=1", "reviews-v2")]
    [InlineData("/ap", "reviews-v1")]
    [InlineData("/API/v1", "reviews-v1")]
    public async Task UriPrefix_IsAPlainStringPrefix(string path, string expected)
    {
        await using var mesh = Mesh(MatchV2ElseV1("- uri: {prefix: /api}"));
        Assert.Equal(expected, await mesh.BackendOfAsync(Url + path));
    }

    [Theory]
    [InlineData("/reviews/42", "reviews-v2")]
    [InlineData("/reviews/42/x", "reviews-v1")]
    [InlineData("/x/reviews/42", "reviews-v1")]
    [InlineData("/reviews/abc", "reviews-v1")]
    public async Task UriRegex_IsFullyAnchored(string path, string expected)
    {
        await using var mesh = Mesh(MatchV2ElseV1("""- uri: {regex: '/reviews/\d+'}"""));
        Assert.Equal(expected, await mesh.BackendOfAsync(Url + path));
    }

    [Theory]
    [InlineData("/API/V1", "reviews-v2")]
    [InlineData("/Api/x", "reviews-v2")]
    [InlineData("/other", "reviews-v1")]
    public async Task IgnoreUriCase_MakesPrefixCaseInsensitive(string path, string expected)
    {
        await using var mesh = Mesh(MatchV2ElseV1("- uri: {prefix: /api}\n  ignoreUriCase: true"));
        Assert.Equal(expected, await mesh.BackendOfAsync(Url + path));
    }

    [Fact]
    public async Task IgnoreUriCase_MakesExactCaseInsensitive()
    {
        await using var mesh = Mesh(MatchV2ElseV1("- uri: {exact: /Reviews}\n  ignoreUriCase: true"));
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync(Url + "/REVIEWS"));
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync(Url + "/REVIEWS/1"));
    }

    [Fact]
    public async Task Scheme_MatchesTheRequestScheme()
    {
        await using var mesh = Mesh(MatchV2ElseV1("- scheme: {exact: https}"));
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync("https://reviews:9080/"));
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync("http://reviews:9080/"));
    }

    [Fact]
    public async Task Method_IsCaseSensitive()
    {
        await using var mesh = Mesh(MatchV2ElseV1("- method: {exact: POST}"));
        using var post = await mesh.SendAsync(HttpMethod.Post, Url + "/");
        Assert.Equal("reviews-v2", (await BackendAnswer.ReadAsync(post)).Backend);
        using var get = await mesh.GetAsync(Url + "/");
        Assert.Equal("reviews-v1", (await BackendAnswer.ReadAsync(get)).Backend);
        using var put = await mesh.SendAsync(HttpMethod.Put, Url + "/");
        Assert.Equal("reviews-v1", (await BackendAnswer.ReadAsync(put)).Backend);
    }

    [Fact]
    public async Task Authority_MatchesTheHostAsSent_PortIncluded()
    {
        await using var mesh = Mesh(MatchV2ElseV1("- authority: {exact: 'reviews:9080'}"));
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync("http://reviews:9080/"));
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync("http://reviews/"));
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync("http://reviews.default:9080/"));
    }

    [Fact]
    public async Task Authority_Prefix()
    {
        await using var mesh = Mesh(MatchV2ElseV1("- authority: {prefix: reviews.default}"));
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync("http://reviews.default.svc.cluster.local:9080/"));
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync("http://reviews:9080/"));
    }

    [Theory]
    [InlineData("exact: jason", "jason", "reviews-v2")]
    [InlineData("exact: jason", "Jason", "reviews-v1")]
    [InlineData("exact: jason", "jason2", "reviews-v1")]
    [InlineData("prefix: ja", "jason", "reviews-v2")]
    [InlineData("prefix: ja", "bob", "reviews-v1")]
    [InlineData("regex: 'j.*n'", "jason", "reviews-v2")]
    [InlineData("regex: 'j.*n'", "jasonx", "reviews-v1")]
    [InlineData("regex: '(?i)JASON'", "jason", "reviews-v2")]
    [InlineData("{}", "anything", "reviews-v2")]
    [InlineData("{}", "", "reviews-v2")]
    public async Task Headers_ExactPrefixRegexPresence(string matcher, string value, string expected)
    {
        var yaml = matcher == "{}" ? "- headers:\n    end-user: {}" : $"- headers:\n    end-user: {{{matcher}}}";
        await using var mesh = Mesh(MatchV2ElseV1(yaml));
        Assert.Equal(expected, await mesh.BackendOfAsync(Url + "/", ("end-user", value)));
    }

    [Fact]
    public async Task Headers_AbsentHeaderNeverMatches()
    {
        await using var mesh = Mesh(MatchV2ElseV1("- headers:\n    end-user: {}\n- headers:\n    x-other: {prefix: a}"));
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync(Url + "/"));
    }

    [Fact]
    public async Task Headers_SeveralEntriesAreAnded_BlocksAreOred()
    {
        await using var mesh = Mesh(MatchV2ElseV1("- headers:\n    end-user: {exact: jason}\n    x-group: {exact: beta}\n- uri: {prefix: /beta}"));
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync(Url + "/", ("end-user", "jason"), ("x-group", "beta")));
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync(Url + "/", ("end-user", "jason")));
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync(Url + "/", ("x-group", "beta")));
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync(Url + "/beta"));
    }

    [Fact]
    public async Task PseudoHeaders_MethodAndPath()
    {
        await using var mesh = Mesh(MatchV2ElseV1("- headers:\n    ':method': {exact: DELETE}\n- headers:\n    ':path': {exact: '/reviews?all=1'}"));
        using var delete = await mesh.SendAsync(HttpMethod.Delete, Url + "/x");
        Assert.Equal("reviews-v2", (await BackendAnswer.ReadAsync(delete)).Backend);
        // :path is the path with its query.
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync(Url + "/reviews?all=1"));
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync(Url + "/reviews"));
    }

    [Theory]
    [InlineData("?version=v2", "reviews-v2")]
    [InlineData("?a=1&version=v2", "reviews-v2")]
    [InlineData("?version=v22", "reviews-v1")]
    [InlineData("?Version=v2", "reviews-v1")]
    [InlineData("", "reviews-v1")]
    public async Task QueryParams_Exact(string query, string expected)
    {
        await using var mesh = Mesh(MatchV2ElseV1("- queryParams:\n    version: {exact: v2}"));
        Assert.Equal(expected, await mesh.BackendOfAsync(Url + "/reviews" + query));
    }

    [Theory]
    [InlineData("?id=123", "reviews-v2")]
    [InlineData("?id=a123", "reviews-v1")]
    [InlineData("?debug", "reviews-v2")]
    [InlineData("?debug=1", "reviews-v2")]
    [InlineData("?other=1", "reviews-v1")]
    public async Task QueryParams_RegexIsAnchored_EmptyMatchIsPresence(string query, string expected)
    {
        await using var mesh = Mesh(MatchV2ElseV1("- queryParams:\n    id: {regex: '\\d+'}\n- queryParams:\n    debug: {}"));
        Assert.Equal(expected, await mesh.BackendOfAsync(Url + "/" + query));
    }

    [Theory]
    [InlineData(null, "reviews-v2")]
    [InlineData("bob", "reviews-v2")]
    [InlineData("jason", "reviews-v1")]
    public async Task WithoutHeaders_AbsentHeaderCountsAsNotMatching(string? user, string expected)
    {
        await using var mesh = Mesh(MatchV2ElseV1("- withoutHeaders:\n    end-user: {exact: jason}"));
        (string, string)[] headers = user is null ? [] : [("end-user", user)];
        Assert.Equal(expected, await mesh.BackendOfAsync(Url + "/", headers));
    }

    [Theory]
    [InlineData(null, "reviews-v2")]
    [InlineData("anything", "reviews-v1")]
    public async Task WithoutHeaders_PresenceForm_MatchesOnlyWhenAbsent(string? debug, string expected)
    {
        await using var mesh = Mesh(MatchV2ElseV1("- withoutHeaders:\n    x-debug: {}"));
        (string, string)[] headers = debug is null ? [] : [("x-debug", debug)];
        Assert.Equal(expected, await mesh.BackendOfAsync(Url + "/", headers));
    }

    [Fact]
    public async Task Port_LimitsTheBlockToTheRequestPort()
    {
        await using var mesh = Mesh(MatchV2ElseV1("- port: 9080"));
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync("http://reviews:9080/"));
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync("http://reviews:9081/"));
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync("http://reviews/"));
    }

    [Fact]
    public async Task SourceLabels_SelectTheClientWorkload()
    {
        var virtualService = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - match:
                - sourceLabels: {app: ratings}
                route:
                - destination: {host: reviews, subset: v3}
              - match:
                - sourceLabels: {app: productpage}
                route:
                - destination: {host: reviews, subset: v2}
              - route:
                - destination: {host: reviews, subset: v1}
            """;

        await using (var productpage = MeshHarness.Create(mesh => mesh
            .AddYaml(backends.Registry).AddYaml(ReviewsBackends.Subsets()).AddYaml(virtualService)
            .Configure(o => o.WorkloadLabels["app"] = "productpage")))
        {
            Assert.Equal("reviews-v2", await productpage.BackendOfAsync(Url + "/"));
        }

        await using (var ratings = MeshHarness.Create(mesh => mesh
            .AddYaml(backends.Registry).AddYaml(ReviewsBackends.Subsets()).AddYaml(virtualService)
            .Configure(o => o.WorkloadLabels["app"] = "ratings")))
        {
            Assert.Equal("reviews-v3", await ratings.BackendOfAsync(Url + "/"));
        }

        // A workload without labels gets neither selector's route.
        await using var anonymous = Mesh(virtualService);
        Assert.Equal("reviews-v1", await anonymous.BackendOfAsync(Url + "/"));
    }

    [Fact]
    public async Task FirstMatchingRouteWins_EvenWhenALaterOneIsMoreSpecific()
    {
        var virtualService = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - match: [{uri: {prefix: /reviews}}]
                route: [{destination: {host: reviews, subset: v1}}]
              - match: [{uri: {exact: /reviews/1}}]
                route: [{destination: {host: reviews, subset: v2}}]
              - route: [{destination: {host: reviews, subset: v3}}]
            """;
        await using var mesh = Mesh(virtualService);
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync(Url + "/reviews/1"));
        Assert.Equal("reviews-v3", await mesh.BackendOfAsync(Url + "/other"));
    }

    [Fact]
    public async Task NoRouteMatches_Is404_AndNothingIsForwarded()
    {
        backends.Reset();
        await using var mesh = Mesh(MatchV2ElseV1("- uri: {prefix: /reviews}", withFallback: false));
        using var response = await mesh.GetAsync(Url + "/ratings");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync(Url + "/reviews"));
        Assert.Empty(backends["reviews-v1"].Received);
        Assert.Single(backends["reviews-v2"].Received);
    }

    [Theory]
    [InlineData("http://reviews/")]
    [InlineData("http://reviews:9080/")]
    [InlineData("http://reviews:12345/")]
    [InlineData("http://reviews.default/")]
    [InlineData("http://reviews.default.svc:9080/")]
    [InlineData("http://reviews.default.svc.cluster.local:9080/")]
    [InlineData("http://REVIEWS.Default:9080/")]
    [InlineData("http://reviews.default.svc.cluster.local.:9080/")]
    public async Task EveryNameOfTheServiceHitsTheSameVirtualHost(string url)
    {
        await using var mesh = Mesh(MatchV2ElseV1("- headers:\n    end-user: {exact: jason}"));
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync(url, ("end-user", "jason")));
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync(url));
    }

    [Fact]
    public async Task ExplicitHostHeader_PicksTheVirtualHost()
    {
        await using var mesh = Mesh(MatchV2ElseV1("- headers:\n    end-user: {exact: jason}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{backends["reviews-v3"].Port}/");
        request.Headers.Host = "reviews:9080";
        request.Headers.Add("end-user", "jason");
        using var response = await mesh.Client.SendAsync(request);
        Assert.Equal("reviews-v2", (await BackendAnswer.ReadAsync(response)).Backend);
    }
}
