using BenchmarkDotNet.Attributes;
using MeshLib.Internal;
using MeshLib.LoadBalancing;

namespace MeshLib.Benchmarks;

/// <summary>
/// One pick per policy over N endpoints (all selectable, no requests in flight). Equal weights use the fast paths
/// (counter, power of two choices); the <c>Weighted</c> variants give endpoints weights 1..4, which switches round robin
/// and least request to the EDF schedule. Consistent hash picks take a precomputed request hash that changes every
/// call; <see cref="HashHeaderValue"/> is the hashing that precedes them.
/// </summary>
[MemoryDiagnoser]
public class LoadBalancerBenchmarks
{
    private readonly RandomSource _random = RandomSource.Shared;
    private readonly WeightedPicker _subsets = new([80, 10, 10]);
    private readonly string _headerValue = "user-1234567";
    private LbEndpoint[] _equal = null!;
    private LbEndpoint[] _weighted = null!;
    private RoundRobinLoadBalancer _roundRobin = null!;
    private RoundRobinLoadBalancer _roundRobinWeighted = null!;
    private RandomLoadBalancer _randomBalancer = null!;
    private LeastRequestLoadBalancer _leastRequest = null!;
    private LeastRequestLoadBalancer _leastRequestWeighted = null!;
    private RingHashLoadBalancer _ringHash = null!;
    private MaglevLoadBalancer _maglev = null!;
    private ulong _hash;

    [Params(100, 10_000)]
    public int Endpoints { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _equal = new LbEndpoint[Endpoints];
        _weighted = new LbEndpoint[Endpoints];
        for (var i = 0; i < Endpoints; i++)
        {
            var address = $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}";
            _equal[i] = new LbEndpoint(address, 8080);
            _weighted[i] = new LbEndpoint(address, 8080, weight: (uint)(i % 4) + 1);
        }

        _roundRobin = new RoundRobinLoadBalancer(_random);
        _roundRobinWeighted = new RoundRobinLoadBalancer(_random);
        _randomBalancer = new RandomLoadBalancer();
        _leastRequest = new LeastRequestLoadBalancer(_random);
        _leastRequestWeighted = new LeastRequestLoadBalancer(_random);
        _ringHash = RingHashLoadBalancer.Build(_equal);
        _maglev = MaglevLoadBalancer.Build(_equal);

        // The first pick of each balancer builds its cached schedule or mask; later picks must not allocate.
        if (RoundRobin() is null || RoundRobinWeighted() is null || Random() is null || LeastRequest() is null
            || LeastRequestWeighted() is null || RingHash() is null || Maglev() is null)
        {
            throw new InvalidOperationException("A balancer picked nothing.");
        }
    }

    [Benchmark(Baseline = true)]
    public object? RoundRobin() => _roundRobin.Pick(new LbContext(_equal, _random));

    [Benchmark]
    public object? RoundRobinWeighted() => _roundRobinWeighted.Pick(new LbContext(_weighted, _random));

    [Benchmark]
    public object? Random() => _randomBalancer.Pick(new LbContext(_equal, _random));

    [Benchmark]
    public object? LeastRequest() => _leastRequest.Pick(new LbContext(_equal, _random));

    [Benchmark]
    public object? LeastRequestWeighted() => _leastRequestWeighted.Pick(new LbContext(_weighted, _random));

    [Benchmark]
    public object? RingHash() => _ringHash.Pick(new LbContext(_equal, _random, NextHash()));

    [Benchmark]
    public object? Maglev() => _maglev.Pick(new LbContext(_equal, _random, NextHash()));

    /// <summary>The route's subset split (80/10/10): one draw and a binary search.</summary>
    [Benchmark]
    public int WeightedSubsetPick() => _subsets.Pick(_random);

    /// <summary>xxHash64 of a typical header value (<c>consistentHash.httpHeaderName</c>).</summary>
    [Benchmark]
    public ulong HashHeaderValue() => HashKey.Compute(_headerValue);

    private ulong NextHash() => _hash += 0x9E3779B97F4A7C15UL;
}
