using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Http;

/// <summary>Each DestinationRule load-balancing policy end to end over the three reviews endpoints (v1, v2, v3 in registry order).</summary>
public sealed class LoadBalancingTests(ReviewsBackends backends) : IClassFixture<ReviewsBackends>
{
    private const string Url = "http://reviews:9080/reviews/0";

    private MeshHarness Mesh(string? trafficPolicy, ScriptedRandomSource? random = null)
    {
        var documents = new List<string> { backends.Registry };
        if (trafficPolicy is not null)
        {
            documents.Add(MeshYaml.DestinationRule("reviews", [], trafficPolicy));
        }

        return MeshHarness.Create(
            mesh =>
            {
                foreach (var document in documents)
                {
                    mesh.AddYaml(document);
                }
            },
            random);
    }

    [Fact]
    public async Task RoundRobin_RotatesOverTheThreeEndpoints()
    {
        await using var mesh = Mesh("loadBalancer: {simple: ROUND_ROBIN}");
        var picks = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            picks.Add(await mesh.BackendOfAsync(Url));
        }

        for (var i = 0; i + 3 <= picks.Count; i++)
        {
            Assert.Equal(3, picks.Skip(i).Take(3).Distinct().Count());
        }

        for (var i = 3; i < picks.Count; i++)
        {
            Assert.Equal(picks[i - 3], picks[i]);
        }
    }

    [Fact]
    public async Task Random_PicksTheScriptedEndpoint()
    {
        var random = new ScriptedRandomSource().ScriptNext(2, 0, 1, 1, 2);
        await using var mesh = Mesh("loadBalancer: {simple: RANDOM}", random);
        var picks = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            picks.Add(await mesh.BackendOfAsync(Url));
        }

        Assert.Equal(["reviews-v3", "reviews-v1", "reviews-v2", "reviews-v2", "reviews-v3"], picks);
    }

    [Fact]
    public async Task Random_SpreadsUniformly()
    {
        await using var mesh = Mesh("loadBalancer: {simple: RANDOM}", new ScriptedRandomSource(seed: 3));
        var counts = await mesh.CountBackendsAsync(Url, 300);
        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 60, 140));
    }

    [Fact]
    public async Task LeastRequest_IsTheDefault_AndAvoidsTheBusierOfTwoSampledEndpoints()
    {
        backends.Reset();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        backends["reviews-v1"].Handler = async _ =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return false;
        };

        // Two draws per pick (power of two choices), indexes into [v1, v2, v3].
        var random = new ScriptedRandomSource().ScriptNext(0, 0);
        await using var mesh = Mesh(trafficPolicy: null, random);
        var busy = mesh.BackendOfAsync(Url);
        Assert.True(await Poll.UntilAsync(() => !backends["reviews-v1"].Received.IsEmpty, TimeSpan.FromSeconds(5)));

        try
        {
            // v1 (1 active) against v2 or v3 (idle): the idle one wins, whichever is sampled first.
            random.ScriptNext(0, 1, 1, 0, 0, 2, 2, 0);
            Assert.Equal("reviews-v2", await mesh.BackendOfAsync(Url));
            Assert.Equal("reviews-v2", await mesh.BackendOfAsync(Url));
            Assert.Equal("reviews-v3", await mesh.BackendOfAsync(Url));
            Assert.Equal("reviews-v3", await mesh.BackendOfAsync(Url));
        }
        finally
        {
            release.SetResult();
        }

        Assert.Equal("reviews-v1", await busy);

        // Idle again: a tie keeps the first sample.
        random.ScriptNext(0, 1);
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync(Url));
        Assert.Equal(0, random.PendingNext);
    }

    [Fact]
    public async Task ConsistentHash_ByHeader_SameValueSameBackend_DifferentValuesSpread()
    {
        await using var mesh = Mesh("loadBalancer:\n  consistentHash: {httpHeaderName: x-user}");
        var first = await mesh.BackendOfAsync(Url, ("x-user", "alice"));
        var sticky = await mesh.CountBackendsAsync(Url, 50, ("x-user", "alice"));
        Assert.Equal(50, sticky[first]);

        var owners = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            owners.Add(await mesh.BackendOfAsync(Url, ("x-user", $"user-{i}")));
        }

        Assert.Equal(3, owners.Count);
    }

    [Fact]
    public async Task ConsistentHash_ByCookie()
    {
        await using var mesh = Mesh("loadBalancer:\n  consistentHash:\n    httpCookie: {name: session, ttl: 0s}");
        var first = await mesh.BackendOfAsync(Url, ("Cookie", "theme=dark; session=abc123"));
        var sticky = await mesh.CountBackendsAsync(Url, 50, ("Cookie", "session=abc123; theme=light"));
        Assert.Equal(50, sticky[first]);

        var owners = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            owners.Add(await mesh.BackendOfAsync(Url, ("Cookie", $"session=s{i}")));
        }

        Assert.Equal(3, owners.Count);
    }

    [Fact]
    public async Task ConsistentHash_MissingCookieWithTtl_IsGeneratedAndSticks()
    {
        await using var mesh = Mesh("loadBalancer:\n  consistentHash:\n    httpCookie: {name: session, ttl: 60s, path: /}");
        using var first = await mesh.GetAsync(Url);
        var setCookie = MeshHarness.Header(first, "set-cookie");
        Assert.NotNull(setCookie);
        Assert.Matches("^session=\"[0-9a-f]{16}\"; Max-Age=60; Path=/; HttpOnly$", setCookie);
        var owner = (await BackendAnswer.ReadAsync(first)).Backend;

        // The client sends the cookie back (value without quotes, as browsers do): every request sticks to the same endpoint.
        var value = setCookie!.Split(';')[0]["session=".Length..].Trim('"');
        var sticky = await mesh.CountBackendsAsync(Url, 30, ("Cookie", $"session={value}"));
        Assert.Equal(30, sticky[owner]);

        using var withCookie = await mesh.SendAsync(HttpMethod.Get, Url, ("Cookie", $"session={value}"));
        Assert.Null(MeshHarness.Header(withCookie, "set-cookie"));
    }

    [Fact]
    public async Task ConsistentHash_ByQueryParameter()
    {
        await using var mesh = Mesh("loadBalancer:\n  consistentHash: {httpQueryParameterName: user}");
        var first = await mesh.BackendOfAsync(Url + "?user=bob&page=1");
        for (var page = 2; page < 50; page++)
        {
            Assert.Equal(first, await mesh.BackendOfAsync($"{Url}?page={page}&user=bob"));
        }

        var owners = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            owners.Add(await mesh.BackendOfAsync($"{Url}?user=u{i}"));
        }

        Assert.Equal(3, owners.Count);
    }

    [Fact]
    public async Task ConsistentHash_Maglev()
    {
        await using var mesh = Mesh("loadBalancer:\n  consistentHash:\n    httpHeaderName: x-user\n    maglev: {tableSize: 65537}");
        var first = await mesh.BackendOfAsync(Url, ("x-user", "carol"));
        var sticky = await mesh.CountBackendsAsync(Url, 50, ("x-user", "carol"));
        Assert.Equal(50, sticky[first]);

        var owners = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            owners.Add(await mesh.BackendOfAsync(Url, ("x-user", $"user-{i}")));
        }

        Assert.Equal(3, owners.Count);
    }

    [Fact]
    public async Task ConsistentHash_SameKeyMapsToTheSameBackendInAnotherClientProcess()
    {
        // Two independent meshes (two "client processes") agree: the ring is built from the endpoints only.
        var policy = "loadBalancer:\n  consistentHash: {httpHeaderName: x-user}";
        await using var one = Mesh(policy);
        await using var two = Mesh(policy);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(await one.BackendOfAsync(Url, ("x-user", $"k{i}")), await two.BackendOfAsync(Url, ("x-user", $"k{i}")));
        }
    }

    [Fact]
    public async Task PortLevelSettings_OverrideTheTopLevelPolicy()
    {
        var policy = "loadBalancer:\n  consistentHash: {httpHeaderName: x-user}\nportLevelSettings:\n- port: {number: 9080}\n  loadBalancer: {simple: ROUND_ROBIN}";
        await using var mesh = Mesh(policy);
        var counts = await mesh.CountBackendsAsync(Url, 9, ("x-user", "same"));
        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, count => Assert.Equal(3, count));
    }

    [Fact]
    public async Task SubsetPolicy_ReplacesTheLoadBalancerOfTheTopLevel()
    {
        var rule = """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec:
              host: reviews
              trafficPolicy:
                loadBalancer:
                  consistentHash: {httpHeaderName: x-user}
              subsets:
              - name: all
                labels: {app: reviews}
                trafficPolicy:
                  loadBalancer: {simple: ROUND_ROBIN}
            """;
        var virtualService = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - route: [{destination: {host: reviews, subset: all}}]
            """;
        await using var mesh = MeshHarness.FromYaml(backends.Registry, rule, virtualService);
        var counts = await mesh.CountBackendsAsync(Url, 9, ("x-user", "same"));
        Assert.All(counts.Values, count => Assert.Equal(3, count));
    }
}
