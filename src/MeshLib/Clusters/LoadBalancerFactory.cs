using MeshLib.Configuration.DestinationRule;
using MeshLib.Internal;
using MeshLib.LoadBalancing;

namespace MeshLib.Clusters;

/// <summary>Creates a cluster's load balancer from its DestinationRule settings (default LEAST_REQUEST, as Istio).</summary>
internal static class LoadBalancerFactory
{
    public static ILoadBalancer Create(LoadBalancerSettingsConfig? settings, LbEndpoint[] endpoints, RandomSource random)
    {
        if (settings?.ConsistentHash is { } hash)
        {
            if (hash.Maglev is { } maglev)
            {
                return MaglevLoadBalancer.Build(endpoints, maglev.TableSize is > 0 ? maglev.TableSize.Value : MaglevLoadBalancer.DefaultTableSize);
            }

            var minimum = hash.RingHash?.MinimumRingSize ?? hash.MinimumRingSize;
            return RingHashLoadBalancer.Build(endpoints, minimum is > 0 ? minimum.Value : RingHashLoadBalancer.DefaultMinimumRingSize);
        }

        return settings?.Simple switch
        {
            SimpleLb.RoundRobin => new RoundRobinLoadBalancer(random),
            SimpleLb.Random => new RandomLoadBalancer(respectWeights: true),
            _ => new LeastRequestLoadBalancer(random),
        };
    }

    /// <summary>The request's consistent-hash key, or null when the policy has none or the request lacks it (Envoy then picks at random).</summary>
    public static ulong? HashOf(ConsistentHashLbConfig? hash, HttpRequestMessage request, System.Net.IPAddress? sourceAddress)
    {
        if (hash is null)
        {
            return null;
        }

        if (hash.HttpHeaderName is { } header)
        {
            return HashKey.ForHeader(request, header);
        }

        if (hash.HttpCookie?.Name is { } cookie)
        {
            return HashKey.ForCookie(request, cookie);
        }

        if (hash.HttpQueryParameterName is { } parameter)
        {
            return HashKey.ForQueryParameter(request.RequestUri, parameter);
        }

        if (hash.UseSourceIp == true)
        {
            return HashKey.ForSourceIp(sourceAddress ?? System.Net.IPAddress.Loopback);
        }

        return null;
    }
}
