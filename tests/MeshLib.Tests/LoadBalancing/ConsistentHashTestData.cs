using MeshLib.LoadBalancing;
using MeshLib.Tests.TestSupport;

namespace MeshLib.Tests.LoadBalancing;

internal static class ConsistentHashTestData
{
    public static ulong[] Keys(int count)
    {
        var random = new SeededRandomSource(2024);
        var keys = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = HashKey.Compute("user-" + i + "-" + random.Next(1_000_000));
        }

        return keys;
    }

    public static LbEndpoint Pick(ILoadBalancer lb, LbEndpoint[] candidates, ulong key)
    {
        var picked = lb.Pick(new LbContext(candidates, SequenceRandomSource.OfInts(), key));
        Assert.NotNull(picked);
        return picked;
    }
}
