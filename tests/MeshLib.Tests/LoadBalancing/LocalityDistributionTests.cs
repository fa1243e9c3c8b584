using MeshLib.LoadBalancing;
using MeshLib.Tests.TestSupport;

namespace MeshLib.Tests.LoadBalancing;

public class LocalityDistributionTests
{
    private const string Client = "us-west/zone1/sz1";

    private static readonly LbEndpoint[] Endpoints =
    [
        At("us-west/zone1/a"), At("us-west/zone1/a"), At("us-west/zone2/a"), At("us-east/z/s"), At("us-west/zone2/a"),
    ];

    private static readonly LocalityDistributeRule[] EightyTwenty =
        [new("us-west/zone1/*", [new("us-west/zone1/*", 80), new("us-west/zone2/*", 20)])];

    private static LbEndpoint At(string locality) => new("10.0.0.1", 80, 1, locality);

    [Fact]
    public void NoRuleForTheClient_LeavesLoadBalancingAlone() =>
        Assert.Null(LocalityDistribution.Create("eu/a/b", EightyTwenty, Endpoints));

    [Fact]
    public void LocalitiesNoRuleNames_NeverTakeTraffic()
    {
        var distribution = LocalityDistribution.Create(Client, EightyTwenty, Endpoints)!;

        Assert.Equal([true, true, true, false, true], Enumerable.Range(0, Endpoints.Length).Select(distribution.Includes));
    }

    [Fact]
    public void LocalityIsPickedByItsWeight()
    {
        var distribution = LocalityDistribution.Create(Client, EightyTwenty, Endpoints)!;
        var split = distribution.Split([0, 1, 2, 4], Endpoints);

        // Both localities fully healthy: weights 80×100 and 20×100, so draws below 8,000 of 10,000 go to zone1.
        var random = SequenceRandomSource.OfUInt64s(0, 7_999, 8_000, 9_999);
        Assert.Equal([Endpoints[0], Endpoints[1]], split.Choose(random, hash: null));
        Assert.Equal([Endpoints[0], Endpoints[1]], split.Choose(random, hash: null));
        Assert.Equal([Endpoints[2], Endpoints[4]], split.Choose(random, hash: null));
        Assert.Equal([Endpoints[2], Endpoints[4]], split.Choose(random, hash: null));
    }

    [Fact]
    public void HashedRequests_StickToOneLocality_WithoutRandomDraws()
    {
        var split = LocalityDistribution.Create(Client, EightyTwenty, Endpoints)!.Split([0, 1, 2, 4], Endpoints);
        var noDraws = new SequenceRandomSource();

        Assert.Equal([Endpoints[0], Endpoints[1]], split.Choose(noDraws, hash: 10_000 + 42));
        Assert.Equal([Endpoints[2], Endpoints[4]], split.Choose(noDraws, hash: 10_000 + 8_042));
    }

    [Fact]
    public void DegradedLocality_LosesWeightByEnvoysAvailability()
    {
        var distribution = LocalityDistribution.Create(Client, EightyTwenty, Endpoints)!;

        // One of zone1's two endpoints ejected: availability min(100, 1.4 × 50%) = 70, so weights 80×70 = 5,600 and 2,000.
        var split = distribution.Split([1, 2, 4], Endpoints);
        var random = SequenceRandomSource.OfUInt64s(5_599, 5_600);
        Assert.Equal([Endpoints[1]], split.Choose(random, hash: null));
        Assert.Equal([Endpoints[2], Endpoints[4]], split.Choose(random, hash: null));
    }

    [Fact]
    public void LocalityWithNothingSelectable_IsSkipped_AndNothingLeftIsEmpty()
    {
        var distribution = LocalityDistribution.Create(Client, EightyTwenty, Endpoints)!;

        Assert.Equal([Endpoints[2], Endpoints[4]], distribution.Split([2, 4], Endpoints).Choose(SequenceRandomSource.OfUInt64s(0), null));
        Assert.Empty(distribution.Split([], Endpoints).Choose(new SequenceRandomSource(), null));
    }
}
