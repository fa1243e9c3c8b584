using MeshLib.LoadBalancing;

namespace MeshLib.Tests.LoadBalancing;

public class LocalityPriorityTests
{
    private static readonly Locality Client = Locality.Parse("us-west/zone1/sz1");

    private static LbEndpoint At(string? locality, uint weight = 1) => new("10.0.0.1", 80, weight, locality);

    [Theory]
    [InlineData("us-west/zone1/sz1", 0)]
    [InlineData("us-west/zone1/sz2", 1)]
    [InlineData("us-west/zone2/sz1", 2)]
    [InlineData("us-east/zone1/sz1", 3)]
    public void RawPriority_FollowsIstio(string endpoint, int expected) =>
        Assert.Equal(expected, LocalityPriority.RawPriority(Client, Locality.Parse(endpoint)));

    [Fact]
    public void SplitByPriority_CompactsLevels()
    {
        LbEndpoint[] endpoints = [At("us-east/z/s"), At("us-west/zone1/sz1"), At("us-west/zone2/x"), At("us-west/zone1/sz1")];

        var levels = LocalityPriority.SplitByPriority(Client, endpoints, []);

        Assert.Equal(3, levels.Length);
        Assert.Equal([endpoints[1], endpoints[3]], levels[0]);
        Assert.Equal([endpoints[2]], levels[1]);
        Assert.Equal([endpoints[0]], levels[2]);
    }

    [Fact]
    public void AssignPriorities_FailoverTargetRegionRanksAboveOtherRegions()
    {
        LbEndpoint[] endpoints = [At("eu-west/a/b"), At("us-east/a/b"), At("us-west/zone1/sz1")];
        LocalityFailoverRule[] failover = [new("us-west", "us-east")];

        var priorities = LocalityPriority.AssignPriorities(Client, endpoints, failover);

        Assert.Equal([2, 1, 0], priorities);
    }

    [Fact]
    public void AssignPriorities_RuleForOtherRegion_IsIgnored()
    {
        LbEndpoint[] endpoints = [At("eu-west/a/b"), At("us-east/a/b")];

        var priorities = LocalityPriority.AssignPriorities(Client, endpoints, [new("eu-west", "us-east")]);

        Assert.Equal([0, 0], priorities);
    }

    [Fact]
    public void AssignPriorities_UnknownLocalities()
    {
        var priorities = LocalityPriority.AssignPriorities(Locality.None, [At(null), At("r/z/s")], []);

        Assert.Equal([0, 1], priorities);
    }

    [Theory]
    [InlineData(new[] { 4, 4 }, new[] { 4, 4 }, new[] { 100, 0 })]
    [InlineData(new[] { 2, 4 }, new[] { 4, 4 }, new[] { 70, 30 })]
    [InlineData(new[] { 3, 4 }, new[] { 4, 4 }, new[] { 100, 0 })] // 140 * 3/4 = 105 → capped at 100
    [InlineData(new[] { 0, 4 }, new[] { 4, 4 }, new[] { 0, 100 })]
    [InlineData(new[] { 1, 1 }, new[] { 4, 4 }, new[] { 50, 50 })] // 35 + 35 scaled to 70
    [InlineData(new[] { 0, 0 }, new[] { 4, 4 }, new[] { 100, 0 })]
    public void ComputePriorityLoad_FollowsEnvoyOverprovisioning(int[] healthy, int[] total, int[] expected)
    {
        var load = new int[healthy.Length];

        LocalityPriority.ComputePriorityLoad(healthy, total, load);

        Assert.Equal(expected, load);
    }

    [Theory]
    [InlineData(0UL, 0)]
    [InlineData(69UL, 0)]
    [InlineData(70UL, 1)]
    [InlineData(199UL, 1)]
    public void ChoosePriority_UsesDrawModulo100(ulong draw, int expected) =>
        Assert.Equal(expected, LocalityPriority.ChoosePriority([70, 30], draw));

    [Theory]
    [InlineData("us-west/zone1/sz1", "us-west/zone1/sz1", true)]
    [InlineData("us-west/zone1/sz1", "us-west/zone1/*", true)]
    [InlineData("us-west/zone1/sz1", "us-west/*", true)]
    [InlineData("us-west/zone1/sz1", "us-west", true)]
    [InlineData("us-west/zone1/sz1", "*", true)]
    [InlineData("us-west/zone1/sz1", "us-west/zone2/*", false)]
    [InlineData("us-west/zone1/sz1", "us-east/*", false)]
    public void Locality_Matches(string locality, string pattern, bool expected) =>
        Assert.Equal(expected, Locality.Parse(locality).Matches(pattern));

    [Fact]
    public void DistributeWeights_SplitsPercentagesOverMatchedLocalities()
    {
        LbEndpoint[] endpoints = [At("us-west/zone1/a", 2), At("us-west/zone2/a"), At("us-west/zone3/a", 2), At("us-east/z/s")];
        LocalityDistributeRule[] rules =
        [
            new("eu/*", [new("eu/*", 100)]),
            new("us-west/zone1/*", [new("us-west/zone1/*", 80), new("us-west/*", 20)]),
        ];

        var weights = LocalityPriority.DistributeWeights(Client, rules, endpoints);

        Assert.NotNull(weights);
        Assert.Equal(80u, weights["us-west/zone1/a"]);
        Assert.Equal(7u, weights["us-west/zone2/a"]);  // ceil(1 * 20 / 3)
        Assert.Equal(14u, weights["us-west/zone3/a"]); // ceil(2 * 20 / 3)
        Assert.Equal(0u, weights["us-east/z/s"]);
    }

    [Fact]
    public void DistributeWeights_NoRuleForClient_IsNull() =>
        Assert.Null(LocalityPriority.DistributeWeights(Client, [new("eu/*", [new("eu/*", 100)])], [At("eu/a/b")]));
}
