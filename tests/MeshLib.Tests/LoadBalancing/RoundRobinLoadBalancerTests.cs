using MeshLib.LoadBalancing;
using MeshLib.Tests.TestSupport;

namespace MeshLib.Tests.LoadBalancing;

public class RoundRobinLoadBalancerTests
{
    [Fact]
    public void Pick_NoCandidates_ReturnsNull()
    {
        var lb = new RoundRobinLoadBalancer(SequenceRandomSource.OfUInt64s(0));

        Assert.Null(lb.Pick(new LbContext([], SequenceRandomSource.OfInts())));
    }

    [Fact]
    public void Pick_EqualWeights_RotatesInOrderFromSeed()
    {
        var endpoints = Endpoints.Make(3);
        var lb = new RoundRobinLoadBalancer(SequenceRandomSource.OfUInt64s(0));
        var context = new LbContext(endpoints, SequenceRandomSource.OfInts());

        var picks = Enumerable.Range(0, 7).Select(_ => lb.Pick(context)).ToArray();

        Assert.Equal([endpoints[0], endpoints[1], endpoints[2], endpoints[0], endpoints[1], endpoints[2], endpoints[0]], picks);
    }

    [Fact]
    public void Pick_EqualWeights_StartsAtRandomOffset()
    {
        var endpoints = Endpoints.Make(3);
        var lb = new RoundRobinLoadBalancer(SequenceRandomSource.OfUInt64s(4)); // 4 % 3 = 1
        var context = new LbContext(endpoints, SequenceRandomSource.OfInts());

        Assert.Same(endpoints[1], lb.Pick(context));
        Assert.Same(endpoints[2], lb.Pick(context));
        Assert.Same(endpoints[0], lb.Pick(context));
    }

    [Fact]
    public void Pick_UnequalWeights_FollowsEdfOrder()
    {
        var endpoints = Endpoints.MakeWeighted(1, 2, 3);
        var lb = new RoundRobinLoadBalancer(SequenceRandomSource.OfUInt64s(0));
        var context = new LbContext(endpoints, SequenceRandomSource.OfInts());

        var picks = Enumerable.Range(0, 6).Select(_ => lb.Pick(context)).ToArray();

        // Deadlines: c 1/3, b 1/2, c 2/3, then a, b, c all at 1 in insertion order.
        Assert.Equal([endpoints[2], endpoints[1], endpoints[2], endpoints[0], endpoints[1], endpoints[2]], picks);
    }

    [Fact]
    public void Pick_UnequalWeights_GivesExactProportionsPerPeriod()
    {
        var endpoints = Endpoints.MakeWeighted(1, 2, 3, 4);
        var lb = new RoundRobinLoadBalancer(SequenceRandomSource.OfUInt64s(0));
        var context = new LbContext(endpoints, SequenceRandomSource.OfInts());

        var counts = Endpoints.Count(Enumerable.Range(0, 1000).Select(_ => lb.Pick(context)));

        Assert.Equal(100, counts[endpoints[0]]);
        Assert.Equal(200, counts[endpoints[1]]);
        Assert.Equal(300, counts[endpoints[2]]);
        Assert.Equal(400, counts[endpoints[3]]);
    }

    [Fact]
    public void Pick_UnequalWeights_AnyStartOffsetKeepsProportionsWithinOne()
    {
        var endpoints = Endpoints.MakeWeighted(5, 1, 2);
        var lb = new RoundRobinLoadBalancer(SequenceRandomSource.OfUInt64s(2));
        var context = new LbContext(endpoints, SequenceRandomSource.OfInts());

        var counts = Endpoints.Count(Enumerable.Range(0, 800).Select(_ => lb.Pick(context)));

        Assert.InRange(counts[endpoints[0]], 499, 501);
        Assert.InRange(counts[endpoints[1]], 99, 101);
        Assert.InRange(counts[endpoints[2]], 199, 201);
    }

    [Fact]
    public void Pick_NewCandidateArray_SchedulesOnlyNewCandidates()
    {
        var endpoints = Endpoints.MakeWeighted(1, 3, 1);
        var lb = new RoundRobinLoadBalancer(SequenceRandomSource.OfUInt64s(0));
        var random = SequenceRandomSource.OfInts();
        lb.Pick(new LbContext(endpoints, random));

        LbEndpoint[] healthy = [endpoints[0], endpoints[2]];
        var counts = Endpoints.Count(Enumerable.Range(0, 10).Select(_ => lb.Pick(new LbContext(healthy, random))));

        Assert.Equal(5, counts[endpoints[0]]);
        Assert.Equal(5, counts[endpoints[2]]);
    }

    [Fact]
    public void Pick_SingleCandidate_AlwaysThatOne()
    {
        var endpoints = Endpoints.MakeWeighted(7);
        var lb = new RoundRobinLoadBalancer(SequenceRandomSource.OfUInt64s(5));

        Assert.Same(endpoints[0], lb.Pick(new LbContext(endpoints, SequenceRandomSource.OfInts())));
    }

    [Fact]
    public void Pick_AfterWarmUp_DoesNotAllocate()
    {
        var equal = Endpoints.Make(4);
        var weighted = Endpoints.MakeWeighted(1, 2, 3);
        var lb1 = new RoundRobinLoadBalancer(SequenceRandomSource.OfUInt64s(0));
        var lb2 = new RoundRobinLoadBalancer(SequenceRandomSource.OfUInt64s(0));
        var c1 = new LbContext(equal, SequenceRandomSource.OfInts());
        var c2 = new LbContext(weighted, SequenceRandomSource.OfInts());
        lb1.Pick(c1);
        lb2.Pick(c2);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            lb1.Pick(c1);
            lb2.Pick(c2);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(new uint[] { 1, 1, 1 }, new[] { 2000, 2000, 2000 })]
    [InlineData(new uint[] { 1, 2, 3 }, new[] { 1000, 2000, 3000 })]
    public void Pick_ConcurrentCallers_KeepExactShares(uint[] weights, int[] expected)
    {
        var endpoints = Endpoints.MakeWeighted(weights);
        var lb = new RoundRobinLoadBalancer(SequenceRandomSource.OfUInt64s(0));
        var counts = new int[endpoints.Length];

        Parallel.For(0, 6000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            var picked = lb.Pick(new LbContext(endpoints, SequenceRandomSource.OfInts()));
            Interlocked.Increment(ref counts[Array.IndexOf(endpoints, picked)]);
        });

        Assert.Equal(expected, counts);
    }
}
