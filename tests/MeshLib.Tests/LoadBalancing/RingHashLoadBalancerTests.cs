using MeshLib.LoadBalancing;
using MeshLib.Tests.TestSupport;

namespace MeshLib.Tests.LoadBalancing;

public class RingHashLoadBalancerTests
{
    [Fact]
    public void Build_EqualWeights_GivesEachEndpointCeilOfMinimumShare()
    {
        var lb = RingHashLoadBalancer.Build(Endpoints.Make(3));

        Assert.Equal(3 * 342, lb.RingSize); // ceil(1024 / 3) entries per endpoint
    }

    [Fact]
    public void Build_Weights_ScaleEntries()
    {
        var lb = RingHashLoadBalancer.Build(Endpoints.MakeWeighted(1, 2));

        Assert.Equal(342 + 684, lb.RingSize);
    }

    [Fact]
    public void Build_MaximumRingSizeCaps()
    {
        var lb = RingHashLoadBalancer.Build(Endpoints.MakeWeighted(1, 10_000), minimumRingSize: 1024, maximumRingSize: 4096);

        Assert.Equal(4096, lb.RingSize);
    }

    [Fact]
    public void Build_RejectsInvalidSizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RingHashLoadBalancer.Build(Endpoints.Make(2), minimumRingSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RingHashLoadBalancer.Build(Endpoints.Make(2), minimumRingSize: 2048, maximumRingSize: 1024));
        Assert.Throws<ArgumentOutOfRangeException>(() => RingHashLoadBalancer.Build(Endpoints.Make(2), maximumRingSize: 8 * 1024 * 1024 + 1));
    }

    [Fact]
    public void Pick_NoCandidates_ReturnsNull()
    {
        var lb = RingHashLoadBalancer.Build(Endpoints.Make(3));

        Assert.Null(lb.Pick(new LbContext([], SequenceRandomSource.OfInts(), 42)));
    }

    [Fact]
    public void Pick_EmptyRing_NoCandidates_ReturnsNull() =>
        Assert.Null(RingHashLoadBalancer.Build([]).Pick(new LbContext([], SequenceRandomSource.OfInts(), 1)));

    [Fact]
    public void Pick_SameKey_SameEndpoint()
    {
        var endpoints = Endpoints.Make(5);
        var lb = RingHashLoadBalancer.Build(endpoints);

        foreach (var key in ConsistentHashTestData.Keys(200))
        {
            var first = ConsistentHashTestData.Pick(lb, endpoints, key);
            Assert.Same(first, ConsistentHashTestData.Pick(lb, endpoints, key));
            Assert.Same(first, ConsistentHashTestData.Pick(RingHashLoadBalancer.Build(endpoints.Reverse().ToArray()), endpoints, key));
        }
    }

    [Fact]
    public void Pick_NoHash_UsesRandomHash()
    {
        var endpoints = Endpoints.Make(4);
        var lb = RingHashLoadBalancer.Build(endpoints);
        var random = SequenceRandomSource.OfUInt64s(12345);

        var picked = lb.Pick(new LbContext(endpoints, random));

        Assert.Same(lb.Lookup(12345), picked);
        Assert.Equal(0, random.RemainingUInt64s);
    }

    [Fact]
    public void Pick_DistributionFollowsWeights()
    {
        var endpoints = Endpoints.MakeWeighted(1, 1, 2);
        var lb = RingHashLoadBalancer.Build(endpoints);

        var counts = Endpoints.Count(ConsistentHashTestData.Keys(10_000).Select(k => ConsistentHashTestData.Pick(lb, endpoints, k)));

        Assert.InRange(counts[endpoints[0]], 2_000, 3_000);
        Assert.InRange(counts[endpoints[1]], 2_000, 3_000);
        Assert.InRange(counts[endpoints[2]], 4_400, 5_600);
    }

    [Fact]
    public void Pick_EndpointNotCandidate_OnlyItsKeysMove()
    {
        var endpoints = Endpoints.Make(5);
        var lb = RingHashLoadBalancer.Build(endpoints);
        var removed = endpoints[2];
        var remaining = endpoints.Where(e => e != removed).ToArray();
        var keys = ConsistentHashTestData.Keys(10_000);

        var moved = 0;
        foreach (var key in keys)
        {
            var before = ConsistentHashTestData.Pick(lb, endpoints, key);
            var after = ConsistentHashTestData.Pick(lb, remaining, key);
            Assert.NotSame(removed, after);
            if (before != removed)
            {
                Assert.Same(before, after);
            }
            else
            {
                moved++;
            }
        }

        Assert.InRange(moved, 1_500, 2_500); // about 1/5 of the keys, all of them the removed endpoint's
    }

    [Fact]
    public void Pick_EndpointNotCandidate_WalksToNextRingEntry()
    {
        var endpoints = Endpoints.Make(3);
        var lb = RingHashLoadBalancer.Build(endpoints);
        var key = ConsistentHashTestData.Keys(50).First(k => lb.Lookup(k) == endpoints[0]);
        LbEndpoint[] remaining = [endpoints[1], endpoints[2]];

        var picked = ConsistentHashTestData.Pick(lb, remaining, key);

        // A ring built from the others with the same 342 entries each (what Envoy rebuilds) agrees.
        var rebuilt = RingHashLoadBalancer.Build(remaining, minimumRingSize: 684);
        Assert.Equal(684, rebuilt.RingSize);
        Assert.Same(rebuilt.Lookup(key), picked);
    }

    [Fact]
    public void Pick_StaleRing_FallsBackToCandidates()
    {
        var lb = RingHashLoadBalancer.Build(Endpoints.Make(3));
        var others = new[] { new LbEndpoint("10.1.0.1", 80), new LbEndpoint("10.1.0.2", 80) };

        Assert.Same(others[1], ConsistentHashTestData.Pick(lb, others, 5));
    }

    [Fact]
    public void Pick_AfterWarmUp_DoesNotAllocate()
    {
        var endpoints = Endpoints.Make(4);
        var lb = RingHashLoadBalancer.Build(endpoints);
        LbEndpoint[] healthy = [endpoints[0], endpoints[1]];
        var all = new LbContext(endpoints, SequenceRandomSource.OfInts(), 99);
        var some = new LbContext(healthy, SequenceRandomSource.OfInts(), 99);
        var ring2 = RingHashLoadBalancer.Build(endpoints);
        lb.Pick(all);
        ring2.Pick(some);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            lb.Pick(all);
            ring2.Pick(some);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
