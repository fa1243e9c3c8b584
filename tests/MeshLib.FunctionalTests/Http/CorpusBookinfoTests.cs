using System.Net;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Http;

/// <summary>Bookinfo's backends on 127.0.0.1, one per service version.</summary>
public sealed class BookinfoBackends : Backends
{
    public BookinfoBackends()
        : base("productpage-v1", "reviews-v1", "reviews-v2", "reviews-v3", "ratings-v1", "details-v1", "details-v2")
    {
    }

    /// <summary>A ServiceEntry per Bookinfo service (port 9080) with its labelled endpoints.</summary>
    public string[] Registry =>
    [
        MeshYaml.ServiceEntry("productpage", 9080, (this["productpage-v1"], "app: productpage, version: v1")),
        MeshYaml.ServiceEntry(
            "reviews",
            9080,
            (this["reviews-v1"], "app: reviews, version: v1"),
            (this["reviews-v2"], "app: reviews, version: v2"),
            (this["reviews-v3"], "app: reviews, version: v3")),
        MeshYaml.ServiceEntry("ratings", 9080, (this["ratings-v1"], "app: ratings, version: v1")),
        MeshYaml.ServiceEntry("details", 9080, (this["details-v1"], "app: details, version: v1"), (this["details-v2"], "app: details, version: v2")),
    ];
}

/// <summary>The Istio corpus's Bookinfo VirtualServices (samples/bookinfo/networking) routing local backends.</summary>
public sealed class CorpusBookinfoTests(BookinfoBackends backends) : IClassFixture<BookinfoBackends>
{
    private static string CorpusFile(string name) => File.ReadAllText(Path.Combine(RepositoryRoot.Corpus, name));

    private MeshHarness Mesh(string virtualServices, int seed = 1) => MeshHarness.Create(
        mesh =>
        {
            foreach (var entry in backends.Registry)
            {
                mesh.AddYaml(entry);
            }

            mesh.AddYaml(CorpusFile("destination-rule-all.yaml")).AddYaml(CorpusFile(virtualServices));
        },
        new ScriptedRandomSource(seed));

    [Fact]
    public async Task AllV1_EveryServiceGoesToV1()
    {
        await using var mesh = Mesh("virtual-service-all-v1.yaml");
        foreach (var service in new[] { "productpage", "reviews", "ratings", "details" })
        {
            var counts = await mesh.CountBackendsAsync($"http://{service}:9080/", 10, ("end-user", "jason"));
            Assert.Equal(10, counts[$"{service}-v1"]);
        }
    }

    [Fact]
    public async Task ReviewsTestV2_JasonGetsV2_OthersV1()
    {
        await using var mesh = Mesh("virtual-service-reviews-test-v2.yaml");
        Assert.Equal(10, (await mesh.CountBackendsAsync("http://reviews:9080/reviews/0", 10, ("end-user", "jason")))["reviews-v2"]);
        Assert.Equal(10, (await mesh.CountBackendsAsync("http://reviews:9080/reviews/0", 10))["reviews-v1"]);
        Assert.Equal(10, (await mesh.CountBackendsAsync("http://reviews:9080/reviews/0", 10, ("end-user", "Jason")))["reviews-v1"]);
    }

    [Theory]
    [InlineData("virtual-service-reviews-80-20.yaml", "reviews-v1", 0.8, "reviews-v2")]
    [InlineData("virtual-service-reviews-90-10.yaml", "reviews-v1", 0.9, "reviews-v2")]
    [InlineData("virtual-service-reviews-50-v3.yaml", "reviews-v1", 0.5, "reviews-v3")]
    [InlineData("virtual-service-reviews-v2-v3.yaml", "reviews-v2", 0.5, "reviews-v3")]
    public async Task WeightedReviews_SplitWithinStatisticalBounds(string file, string first, double share, string second)
    {
        const int Requests = 1000;
        await using var mesh = Mesh(file, seed: file.Length);
        var counts = await mesh.CountBackendsAsync("http://reviews:9080/reviews/0", Requests);
        Assert.Equal(Requests, counts.GetValueOrDefault(first) + counts.GetValueOrDefault(second));

        // Binomial bounds: ±5 standard deviations around the expected count.
        var expected = Requests * share;
        var margin = 5 * Math.Sqrt(Requests * share * (1 - share));
        Assert.InRange(counts.GetValueOrDefault(first), expected - margin, expected + margin);
    }

    [Fact]
    public async Task ReviewsV3_EverythingGoesToV3()
    {
        await using var mesh = Mesh("virtual-service-reviews-v3.yaml");
        Assert.Equal(20, (await mesh.CountBackendsAsync("http://reviews:9080/reviews/0", 20))["reviews-v3"]);
    }

    [Fact]
    public async Task DetailsV2_EverythingGoesToV2()
    {
        await using var mesh = Mesh("virtual-service-details-v2.yaml");
        Assert.Equal(20, (await mesh.CountBackendsAsync("http://details:9080/details/0", 20))["details-v2"]);
    }

    [Fact]
    public async Task ServicesWithoutAVirtualService_GetTheDefaultRoute()
    {
        await using var mesh = Mesh("virtual-service-details-v2.yaml");
        Assert.Equal("ratings-v1", await mesh.BackendOfAsync("http://ratings:9080/ratings/0"));
        var reviews = await mesh.CountBackendsAsync("http://reviews:9080/reviews/0", 60);
        Assert.Equal(3, reviews.Count);
    }

    [Fact]
    public async Task RatingsTestAbort_JasonGets500FaultFilterAbort_OthersReachRatings()
    {
        backends.Reset();
        await using var mesh = Mesh("virtual-service-ratings-test-abort.yaml");
        for (var i = 0; i < 5; i++)
        {
            using var aborted = await mesh.GetAsync("http://ratings:9080/ratings/0", ("end-user", "jason"));
            Assert.Equal(HttpStatusCode.InternalServerError, aborted.StatusCode);
            Assert.Equal("fault filter abort", await aborted.Content.ReadAsStringAsync());
        }

        // Aborted requests never reach the backend, and are not retried.
        Assert.Empty(backends["ratings-v1"].Received);
        Assert.Equal(5, (await mesh.CountBackendsAsync("http://ratings:9080/ratings/0", 5))["ratings-v1"]);
        Assert.Equal(5, backends["ratings-v1"].Received.Count);
    }
}
