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

    /// <summary>
    /// Envoy's answer to a missing hash cookie whose policy has a <c>ttl</c>: a value derived from the downstream
    /// address, hashed for this request and returned to the caller as <c>Set-Cookie</c> so that later requests stick.
    /// </summary>
    /// <returns>The hash and the Set-Cookie value, or null when the policy does not generate cookies.</returns>
    public static (ulong Hash, string SetCookie)? GenerateCookie(ConsistentHashLbConfig? hash, System.Net.IPAddress? sourceAddress)
    {
        if (hash?.HttpCookie is not { Name: { Length: > 0 } name, Ttl: { } ttl } cookie)
        {
            return null;
        }

        var value = HashKey.Compute((sourceAddress ?? System.Net.IPAddress.Loopback).ToString())
            .ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        var setCookie = new System.Text.StringBuilder().Append(name).Append("=\"").Append(value).Append('"');
        if (ttl.Nanoseconds > 0)
        {
            // A ttl of 0s is a session cookie: no Max-Age.
            setCookie.Append("; Max-Age=").Append((ttl.Nanoseconds / 1_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(cookie.Path))
        {
            setCookie.Append("; Path=").Append(cookie.Path);
        }

        foreach (var attribute in cookie.Attributes ?? [])
        {
            setCookie.Append("; ").Append(attribute.Name);
            if (!string.IsNullOrEmpty(attribute.Value))
            {
                setCookie.Append('=').Append(attribute.Value);
            }
        }

        setCookie.Append("; HttpOnly");
        return (HashKey.Compute(value), setCookie.ToString());
    }
}
