using MeshLib.LoadBalancing;

namespace MeshLib.Tests.LoadBalancing;

internal static class Endpoints
{
    public static LbEndpoint[] Make(int count, uint weight = 1) => MakeWeighted(Enumerable.Repeat(weight, count).ToArray());

    public static LbEndpoint[] MakeWeighted(params uint[] weights)
    {
        var endpoints = new LbEndpoint[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            endpoints[i] = new LbEndpoint($"10.0.0.{i + 1}", 8080, weights[i]);
        }

        return endpoints;
    }

    public static Dictionary<LbEndpoint, int> Count(IEnumerable<LbEndpoint?> picks)
    {
        var counts = new Dictionary<LbEndpoint, int>();
        foreach (var pick in picks)
        {
            Assert.NotNull(pick);
            counts[pick] = counts.GetValueOrDefault(pick) + 1;
        }

        return counts;
    }
}
