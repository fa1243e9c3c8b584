using MeshLib.LoadBalancing;
using MeshLib.Tests.TestSupport;

namespace MeshLib.Tests.LoadBalancing;

public class MaglevLoadBalancerTests
{
    [Theory]
    [InlineData(65536UL)]
    [InlineData(1000UL)]
    [InlineData(1UL)]
    [InlineData(0UL)]
    [InlineData(5000101UL)] // prime but larger than Envoy allows
    public void Build_RejectsNonPrimeOrTooLargeSize(ulong size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MaglevLoadBalancer.Build(Endpoints.Make(2), size));

    [Theory]
    [InlineData(65537UL)]
    [InlineData(251UL)]
    [InlineData(2UL)]
    public void Build_AcceptsPrimeSize(ulong size) =>
        Assert.Equal((int)size, MaglevLoadBalancer.Build(Endpoints.Make(2), size).TableSize);

    [Fact]
    public void Build_AcceptsLargestSize() =>
        Assert.Equal(5000011, MaglevLoadBalancer.Build([], MaglevLoadBalancer.MaximumTableSize).TableSize);

    [Fact]
    public void Build_EveryEndpointGetsSlotsByWeight()
    {
        var lb = MaglevLoadBalancer.Build(Endpoints.MakeWeighted(1, 1, 2));

        var slots = lb.CountSlots();

        Assert.Equal(65537, slots.Sum());
        Assert.InRange(slots[0], 15_500, 17_300);
        Assert.InRange(slots[1], 15_500, 17_300);
        Assert.InRange(slots[2], 31_500, 34_000);
    }

    [Fact]
    public void Build_MoreEndpointsThanSlots_FillsTable()
    {
        var lb = MaglevLoadBalancer.Build(Endpoints.Make(10), 7);

        Assert.Equal(7, lb.CountSlots().Sum());
    }

    [Fact]
    public void Pick_NoCandidates_ReturnsNull() =>
        Assert.Null(MaglevLoadBalancer.Build(Endpoints.Make(3)).Pick(new LbContext([], SequenceRandomSource.OfInts(), 3)));

    [Fact]
    public void Pick_LooksUpHashModuloTableSize()
    {
        var endpoints = Endpoints.Make(3);
        var lb = MaglevLoadBalancer.Build(endpoints, 251);

        Assert.Same(lb.Lookup(10), ConsistentHashTestData.Pick(lb, endpoints, 10 + (251 * 1000)));
    }

    [Fact]
    public void Pick_SameKey_SameEndpointWhateverTheEndpointOrder()
    {
        var endpoints = Endpoints.Make(5);
        var lb = MaglevLoadBalancer.Build(endpoints);
        var reversed = MaglevLoadBalancer.Build(endpoints.Reverse().ToArray());

        foreach (var key in ConsistentHashTestData.Keys(500))
        {
            var first = ConsistentHashTestData.Pick(lb, endpoints, key);
            Assert.Same(first, ConsistentHashTestData.Pick(lb, endpoints, key));
            Assert.Same(first, ConsistentHashTestData.Pick(reversed, endpoints, key));
        }
    }

    [Fact]
    public void Pick_NoHash_UsesRandomHash()
    {
        var endpoints = Endpoints.Make(4);
        var lb = MaglevLoadBalancer.Build(endpoints);

        Assert.Same(lb.Lookup(777), lb.Pick(new LbContext(endpoints, SequenceRandomSource.OfUInt64s(777))));
    }

    [Fact]
    public void Pick_DistributionFollowsWeights()
    {
        var endpoints = Endpoints.MakeWeighted(3, 1);
        var lb = MaglevLoadBalancer.Build(endpoints);

        var counts = Endpoints.Count(ConsistentHashTestData.Keys(10_000).Select(k => ConsistentHashTestData.Pick(lb, endpoints, k)));

        Assert.InRange(counts[endpoints[0]], 7_000, 8_000);
    }

    [Fact]
    public void Rebuild_WithoutOneOfTen_RemapsAboutATenth()
    {
        var endpoints = Endpoints.Make(10);
        var removed = endpoints[4];
        var remaining = endpoints.Where(e => e != removed).ToArray();
        var before = MaglevLoadBalancer.Build(endpoints);
        var after = MaglevLoadBalancer.Build(remaining);

        var moved = 0;
        foreach (var key in ConsistentHashTestData.Keys(10_000))
        {
            var was = ConsistentHashTestData.Pick(before, endpoints, key);
            var now = ConsistentHashTestData.Pick(after, remaining, key);
            if (was == removed || was != now)
            {
                moved++;
            }
        }

        // The removed endpoint's tenth must move; Maglev moves only a little more than that.
        Assert.InRange(moved, 800, 1_600);
    }

    [Fact]
    public void Pick_EndpointNotCandidate_OnlyItsKeysMoveAndSpreadOverOthers()
    {
        var endpoints = Endpoints.Make(4);
        var lb = MaglevLoadBalancer.Build(endpoints);
        var removed = endpoints[0];
        var remaining = endpoints[1..];

        var moved = new List<LbEndpoint>();
        foreach (var key in ConsistentHashTestData.Keys(10_000))
        {
            var was = ConsistentHashTestData.Pick(lb, endpoints, key);
            var now = ConsistentHashTestData.Pick(lb, remaining, key);
            Assert.NotSame(removed, now);
            if (was == removed)
            {
                moved.Add(now);
            }
            else
            {
                Assert.Same(was, now);
            }
        }

        Assert.InRange(moved.Count, 2_000, 3_000);
        foreach (var endpoint in remaining)
        {
            Assert.InRange(moved.Count(e => e == endpoint), moved.Count / 6, moved.Count / 2);
        }
    }

    [Fact]
    public void Pick_AfterWarmUp_DoesNotAllocate()
    {
        var endpoints = Endpoints.Make(4);
        var lb = MaglevLoadBalancer.Build(endpoints);
        var some = new LbContext(endpoints[..2], SequenceRandomSource.OfInts(), 123456789);
        lb.Pick(some);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            lb.Pick(some);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
