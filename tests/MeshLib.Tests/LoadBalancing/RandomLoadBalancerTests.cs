using MeshLib.LoadBalancing;
using MeshLib.Tests.TestSupport;

namespace MeshLib.Tests.LoadBalancing;

public class RandomLoadBalancerTests
{
    [Fact]
    public void Pick_NoCandidates_ReturnsNull() =>
        Assert.Null(new RandomLoadBalancer().Pick(new LbContext([], SequenceRandomSource.OfInts())));

    [Fact]
    public void Pick_UsesOneDrawAsIndex()
    {
        var endpoints = Endpoints.Make(4);
        var random = SequenceRandomSource.OfInts(2, 0, 3);
        var lb = new RandomLoadBalancer();
        var context = new LbContext(endpoints, random);

        Assert.Same(endpoints[2], lb.Pick(context));
        Assert.Same(endpoints[0], lb.Pick(context));
        Assert.Same(endpoints[3], lb.Pick(context));
        Assert.Equal(0, random.RemainingInts);
    }

    [Fact]
    public void Pick_IgnoresWeightsLikeEnvoyByDefault()
    {
        var endpoints = Endpoints.MakeWeighted(1, 100);
        var lb = new RandomLoadBalancer();

        Assert.Same(endpoints[0], lb.Pick(new LbContext(endpoints, SequenceRandomSource.OfInts(0))));
    }

    [Fact]
    public void Pick_SeededSource_IsUniformWithinBounds()
    {
        var endpoints = Endpoints.Make(4);
        var lb = new RandomLoadBalancer();
        var context = new LbContext(endpoints, new SeededRandomSource(42));

        var counts = Endpoints.Count(Enumerable.Range(0, 10_000).Select(_ => lb.Pick(context)));

        foreach (var endpoint in endpoints)
        {
            Assert.InRange(counts[endpoint], 2_300, 2_700);
        }
    }

    [Fact]
    public void Pick_RespectWeights_MapsDrawOntoWeightIntervals()
    {
        var endpoints = Endpoints.MakeWeighted(1, 2);
        var lb = new RandomLoadBalancer(respectWeights: true);
        var context = new LbContext(endpoints, SequenceRandomSource.OfUInt64s(0, 1, 2, 3));

        Assert.Same(endpoints[0], lb.Pick(context));
        Assert.Same(endpoints[1], lb.Pick(context));
        Assert.Same(endpoints[1], lb.Pick(context));
        Assert.Same(endpoints[0], lb.Pick(context)); // 3 % 3 = 0
    }

    [Fact]
    public void Pick_RespectWeights_SeededSourceFollowsWeights()
    {
        var endpoints = Endpoints.MakeWeighted(1, 3);
        var lb = new RandomLoadBalancer(respectWeights: true);
        var context = new LbContext(endpoints, new SeededRandomSource(7));

        var counts = Endpoints.Count(Enumerable.Range(0, 10_000).Select(_ => lb.Pick(context)));

        Assert.InRange(counts[endpoints[0]], 2_250, 2_750);
    }
}
