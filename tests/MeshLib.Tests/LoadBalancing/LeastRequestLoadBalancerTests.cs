using MeshLib.LoadBalancing;
using MeshLib.Tests.TestSupport;

namespace MeshLib.Tests.LoadBalancing;

public class LeastRequestLoadBalancerTests
{
    private static LeastRequestLoadBalancer Create() => new(SequenceRandomSource.OfUInt64s(0));

    private static void SetActive(LbEndpoint endpoint, int count)
    {
        for (var i = 0; i < count; i++)
        {
            endpoint.IncrementActiveRequests();
        }
    }

    [Fact]
    public void Pick_NoCandidates_ReturnsNull() =>
        Assert.Null(Create().Pick(new LbContext([], SequenceRandomSource.OfInts())));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Pick_TwoChoices_PrefersFewerActiveRequests(int first, int second)
    {
        var endpoints = Endpoints.Make(3);
        SetActive(endpoints[0], 5);
        SetActive(endpoints[1], 1);
        var random = SequenceRandomSource.OfInts(first, second);

        Assert.Same(endpoints[1], Create().Pick(new LbContext(endpoints, random)));
        Assert.Equal(0, random.RemainingInts);
    }

    [Fact]
    public void Pick_Tie_KeepsFirstDraw()
    {
        var endpoints = Endpoints.Make(3);
        SetActive(endpoints[1], 2);
        SetActive(endpoints[2], 2);

        Assert.Same(endpoints[2], Create().Pick(new LbContext(endpoints, SequenceRandomSource.OfInts(2, 1))));
        Assert.Same(endpoints[1], Create().Pick(new LbContext(endpoints, SequenceRandomSource.OfInts(1, 2))));
    }

    [Fact]
    public void Pick_SameEndpointDrawnTwice_ReturnsIt()
    {
        var endpoints = Endpoints.Make(3);
        SetActive(endpoints[0], 9);

        Assert.Same(endpoints[0], Create().Pick(new LbContext(endpoints, SequenceRandomSource.OfInts(0, 0))));
    }

    [Fact]
    public void Pick_ChoiceCount_DrawsThatMany()
    {
        var endpoints = Endpoints.Make(4);
        SetActive(endpoints[0], 3);
        SetActive(endpoints[1], 2);
        SetActive(endpoints[2], 1);
        var random = SequenceRandomSource.OfInts(0, 1, 2);
        var lb = new LeastRequestLoadBalancer(SequenceRandomSource.OfUInt64s(0), choiceCount: 3);

        Assert.Same(endpoints[2], lb.Pick(new LbContext(endpoints, random)));
        Assert.Equal(0, random.RemainingInts);
    }

    [Fact]
    public void Pick_UnequalWeights_NoLoad_FollowsWeights()
    {
        var endpoints = Endpoints.MakeWeighted(2, 1);
        var lb = Create();
        var context = new LbContext(endpoints, SequenceRandomSource.OfInts());

        var counts = Endpoints.Count(Enumerable.Range(0, 300).Select(_ => lb.Pick(context)));

        Assert.Equal(200, counts[endpoints[0]]);
        Assert.Equal(100, counts[endpoints[1]]);
    }

    [Fact]
    public void Pick_UnequalWeights_ActiveRequestsLowerEffectiveWeight()
    {
        var endpoints = Endpoints.MakeWeighted(2, 1);
        SetActive(endpoints[0], 3); // 2 / (3 + 1) = 0.5 < 1
        var lb = Create();
        var context = new LbContext(endpoints, SequenceRandomSource.OfInts());

        Assert.Same(endpoints[1], lb.Pick(context));
    }

    [Fact]
    public void Pick_UnequalWeights_LoadedEndpointGetsFewerPicks()
    {
        var endpoints = Endpoints.MakeWeighted(2, 1);
        SetActive(endpoints[0], 7); // effective 2/8 = 0.25 vs 1
        var lb = Create();
        var context = new LbContext(endpoints, SequenceRandomSource.OfInts());

        var counts = Endpoints.Count(Enumerable.Range(0, 500).Select(_ => lb.Pick(context)));

        Assert.InRange(counts[endpoints[0]], 99, 101);
        Assert.InRange(counts[endpoints[1]], 399, 401);
    }

    [Fact]
    public void EffectiveWeight_AppliesBias()
    {
        var endpoint = Endpoints.MakeWeighted(8)[0];
        SetActive(endpoint, 3);

        Assert.Equal(8.0, EdfScheduler.EffectiveWeight(endpoint, 0.0));
        Assert.Equal(2.0, EdfScheduler.EffectiveWeight(endpoint, 1.0));
        Assert.Equal(0.5, EdfScheduler.EffectiveWeight(endpoint, 2.0));
    }

    [Fact]
    public void Constructor_RejectsChoiceCountBelowTwo() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeastRequestLoadBalancer(SequenceRandomSource.OfUInt64s(0), choiceCount: 1));

    [Fact]
    public void Pick_AfterWarmUp_DoesNotAllocate()
    {
        var lb = Create();
        var context = new LbContext(Endpoints.Make(5), new SeededRandomSource(1));
        var weightedLb = Create();
        var weighted = new LbContext(Endpoints.MakeWeighted(1, 2, 3), new SeededRandomSource(1));
        lb.Pick(context);
        weightedLb.Pick(weighted);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            lb.Pick(context);
            weightedLb.Pick(weighted);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
