using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Http;

/// <summary>
/// Weighted destinations: one draw of the injected random source per request, <c>draw % total</c> falling into the
/// cumulative weight intervals in order. The subsets use RANDOM load balancing over one endpoint each, which draws
/// nothing, so the scripted draws are exactly the destination picks.
/// </summary>
public sealed class WeightedRoutingTests(ReviewsBackends backends) : IClassFixture<ReviewsBackends>
{
    private const string Url = "http://reviews:9080/reviews/0";

    private static string Weighted(params (string Subset, int Weight)[] destinations)
    {
        var routes = string.Join('\n', destinations.Select(d => $"    - destination: {{host: reviews, subset: {d.Subset}}}\n      weight: {d.Weight}"));
        return $"""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {"{"}name: reviews{"}"}
            spec:
              hosts: [reviews]
              http:
              - route:

            """ + routes;
    }

    private MeshHarness Mesh(string virtualService, ScriptedRandomSource random) => MeshHarness.Create(
        mesh => mesh.AddYaml(backends.Registry).AddYaml(ReviewsBackends.Subsets("loadBalancer: {simple: RANDOM}")).AddYaml(virtualService),
        random);

    [Fact]
    public async Task ScriptedDraws_PickExactlyTheDestinationOfTheirInterval()
    {
        // 80/20: draws 0..79 → v1, 80..99 → v2 (modulo the total 100).
        var random = new ScriptedRandomSource().ScriptUInt64(0, 79, 80, 99, 100, 179, 180, 1_000_000_099);
        await using var mesh = Mesh(Weighted(("v1", 80), ("v2", 20)), random);
        var picks = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            picks.Add(await mesh.BackendOfAsync(Url));
        }

        Assert.Equal(["reviews-v1", "reviews-v1", "reviews-v2", "reviews-v2", "reviews-v1", "reviews-v1", "reviews-v2", "reviews-v2"], picks);
        Assert.Equal(0, random.PendingUInt64);
    }

    [Fact]
    public async Task ScriptedDraws_ThreeDestinations_WeightsNeedNotAddUpTo100()
    {
        // 1/2/3 → [0,1) v1, [1,3) v2, [3,6) v3.
        var random = new ScriptedRandomSource().ScriptUInt64(0, 1, 2, 3, 5, 6);
        await using var mesh = Mesh(Weighted(("v1", 1), ("v2", 2), ("v3", 3)), random);
        var picks = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            picks.Add(await mesh.BackendOfAsync(Url));
        }

        Assert.Equal(["reviews-v1", "reviews-v2", "reviews-v2", "reviews-v3", "reviews-v3", "reviews-v1"], picks);
    }

    [Fact]
    public async Task SeededDraws_80_20_StayWithinStatisticalBounds()
    {
        await using var mesh = Mesh(Weighted(("v1", 80), ("v2", 20)), new ScriptedRandomSource(seed: 80_20));
        var counts = await mesh.CountBackendsAsync(Url, 1000);
        // Binomial(1000, 0.8): sd ≈ 12.6; ±5 sd.
        Assert.InRange(counts.GetValueOrDefault("reviews-v1"), 737, 863);
        Assert.Equal(1000, counts.GetValueOrDefault("reviews-v1") + counts.GetValueOrDefault("reviews-v2"));
    }

    [Fact]
    public async Task WeightZero_GetsNothing()
    {
        // A zero-weight destination is dropped from the route: it never receives traffic.
        var random = new ScriptedRandomSource(seed: 7);
        await using var mesh = Mesh(Weighted(("v1", 0), ("v2", 50), ("v3", 50)), random);
        var counts = await mesh.CountBackendsAsync(Url, 200);
        Assert.False(counts.ContainsKey("reviews-v1"));
        Assert.InRange(counts.GetValueOrDefault("reviews-v2"), 50, 150);
        Assert.InRange(counts.GetValueOrDefault("reviews-v3"), 50, 150);
    }

    [Fact]
    public async Task SingleDestination_ItsWeightIsIgnored_AndNoDrawIsMade()
    {
        var random = new ScriptedRandomSource().ScriptUInt64(99, 99, 99);
        await using var mesh = Mesh(Weighted(("v3", 10)), random);
        var counts = await mesh.CountBackendsAsync(Url, 20);
        Assert.Equal(20, counts["reviews-v3"]);
        Assert.Equal(3, random.PendingUInt64);
    }

    [Fact]
    public async Task OneDrawPerRequest_KeptForItsRetries()
    {
        // v1's endpoint is a closed port: the default retries (connect-failure) stay on v1's cluster and the
        // request fails with 503 after 3 attempts; it is never moved to v2 by a new draw.
        var closed = MeshYaml.ClosedPort();
        var registry = MeshYaml.ServiceEntry("reviews", 9080, (closed, "version: v1"), (backends["reviews-v2"].Port, "version: v2"));
        var random = new ScriptedRandomSource().ScriptUInt64(0, 99);
        await using var mesh = MeshHarness.Create(
            m => m.AddYaml(registry).AddYaml(ReviewsBackends.Subsets("loadBalancer: {simple: RANDOM}")).AddYaml(Weighted(("v1", 50), ("v2", 50))),
            random);
        using var failed = await mesh.GetAsync(Url);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.StartsWith("upstream connect error or disconnect/reset before headers", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync(Url));
    }
}
