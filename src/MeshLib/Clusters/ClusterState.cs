using System.Collections.Immutable;
using MeshLib.ConnectionPool;
using MeshLib.Internal;
using MeshLib.LoadBalancing;
using MeshLib.Model;
using MeshLib.OutlierDetection;
using MeshLib.Tls;

namespace MeshLib.Clusters;

/// <summary>
/// The mutable runtime side of one cluster: endpoints with their active-request counts, the load balancer, the
/// outlier detector, the connection-pool limiter and the connection pool itself. Kept across reloads while the
/// cluster's model is unchanged; disposed once it has left the configuration and its last request has finished.
/// </summary>
internal sealed class ClusterState : IDisposable
{
    private const int HostSelectionAttempts = 5;

    private readonly ILoadBalancer _balancer;
    private readonly RandomSource _random;
    private readonly LbEndpoint[] _all;
    private readonly int[]? _priorities;
    private readonly LocalityDistribution? _distribution;
    private CandidateSet _candidates;
    private int _inFlight;
    private int _retired;
    private int _disposed;

    public ClusterState(ClusterModel model, IClusterTransportFactory transports, TimeProvider timeProvider, RandomSource random, string? clientLocality = null)
    {
        Model = model;
        _random = random;
        Tls = model.Tls is { } tls ? new UpstreamTlsClient(tls) : null;
        Scheme = Tls?.AttemptScheme ?? "http://";
        var uriScheme = Scheme.TrimEnd(':', '/');
        var endpoints = new LbEndpoint[model.Endpoints.Count];
        for (var i = 0; i < endpoints.Length; i++)
        {
            var endpoint = model.Endpoints[i];
            endpoints[i] = new LbEndpoint(endpoint.Address, endpoint.Port, Math.Max(1u, endpoint.Weight), endpoint.Locality, endpoint.Labels, uriScheme);
        }

        // Istio removes the endpoints of localities that distribute gives no weight from the cluster altogether, so
        // they take no traffic and do not count for outlier detection's percentages either.
        _distribution = Distribution(model, clientLocality, endpoints);
        if (_distribution is not null)
        {
            endpoints = [.. endpoints.Where((_, i) => _distribution.Includes(i))];
            _distribution = Distribution(model, clientLocality, endpoints);
        }

        _all = endpoints;
        var keys = new string[_all.Length];
        for (var i = 0; i < _all.Length; i++)
        {
            _all[i].Index = i;
            keys[i] = _all[i].HashKey;
        }

        Pool = ConnectionPoolPolicy.From(model.Policy.ConnectionPool);
        Limiter = new ClusterLimiter(Pool);
        var outlierPolicy = OutlierDetectionPolicy.From(model.Policy.OutlierDetection);
        Outliers = outlierPolicy is null ? null : new OutlierDetector(outlierPolicy, keys, timeProvider);
        _balancer = LoadBalancerFactory.Create(model.Policy.LoadBalancer, _all, random);
        _priorities = LocalityPriorities(model, outlierPolicy, clientLocality, _all);
        _candidates = Select(null, [.. Enumerable.Range(0, _all.Length)]);
        Transport = new HttpMessageInvoker(transports.Create(model.Name, Pool, Tls), disposeHandler: true);
        TryEnterRetry = Limiter.TryEnterRetry;
        ExitRetry = Limiter.ExitRetry;
    }

    /// <summary>The cluster this state belongs to.</summary>
    public ClusterModel Model { get; }

    /// <summary>The connection-pool policy in force.</summary>
    public ConnectionPoolPolicy Pool { get; }

    /// <summary>Circuit breakers: active/pending admission and the retry limit.</summary>
    public ClusterLimiter Limiter { get; }

    /// <summary>The outlier detector, or null when the policy has no <c>outlierDetection</c>.</summary>
    public OutlierDetector? Outliers { get; }

    /// <summary>This cluster's connection pool.</summary>
    public HttpMessageInvoker Transport { get; }

    /// <summary>The cluster's TLS client, or null for plain text.</summary>
    public UpstreamTlsClient? Tls { get; }

    /// <summary>The scheme of attempt URIs: <c>https://</c> when the transport originates TLS itself, else <c>http://</c>.</summary>
    public string Scheme { get; }

    /// <summary>Cached retry-limit delegates for the request pipeline (no allocation per request).</summary>
    public Func<bool> TryEnterRetry { get; }

    /// <summary>Releases a retry slot taken with <see cref="TryEnterRetry"/>.</summary>
    public Action ExitRetry { get; }

    /// <summary>Every endpoint, in model order.</summary>
    public IReadOnlyList<LbEndpoint> Endpoints => _all;

    /// <summary>
    /// Picks an endpoint for one attempt among the endpoints outlier detection leaves selectable, preferring one
    /// not in <paramref name="tried"/> (Envoy's previous-hosts predicate, up to 5 re-picks). Null when none is selectable.
    /// </summary>
    public LbEndpoint? Pick(ulong? hash, Retries.RequestAttemptState? tried)
    {
        var candidates = CurrentCandidates();
        var picked = PickFrom(candidates, hash);
        if (tried is null || tried.TriedCount == 0)
        {
            return picked;
        }

        for (var i = 1; i < HostSelectionAttempts && picked is not null && tried.WasTried(picked.HashKey); i++)
        {
            picked = PickFrom(candidates, hash);
        }

        return picked;
    }

    /// <summary>Reports an attempt's outcome for <paramref name="endpoint"/> to outlier detection.</summary>
    public void Report(LbEndpoint endpoint, AttemptResult result)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (Outliers is not null && (uint)endpoint.Index < (uint)_all.Length && ReferenceEquals(_all[endpoint.Index], endpoint))
        {
            Outliers.Report(endpoint.Index, result);
        }
    }

    /// <summary>Marks a request as using this state, so that it is not disposed under it (the caller already holds it).</summary>
    public void Enter() => Interlocked.Increment(ref _inFlight);

    /// <summary>Marks a request as using this state unless it has been retired by a reload.</summary>
    /// <returns><see langword="false"/> when the state is retired; the caller must look the cluster up again.</returns>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _inFlight);
        if (Volatile.Read(ref _retired) == 0)
        {
            return true;
        }

        Exit();
        return false;
    }

    /// <summary>Marks a request as done with this state.</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _retired) == 1)
        {
            Dispose();
        }
    }

    /// <summary>The cluster has left the configuration: dispose once no request uses it.</summary>
    public void Retire()
    {
        Volatile.Write(ref _retired, 1);
        if (Volatile.Read(ref _inFlight) == 0)
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Transport.Dispose();
        Tls?.Dispose();
        Limiter.Dispose();
        Outliers?.Dispose();
    }

    // With distribute, the locality is chosen first (again on each host re-pick, as Envoy's chooseHost does).
    private LbEndpoint? PickFrom(CandidateSet candidates, ulong? hash)
    {
        var endpoints = candidates.Localities?.Choose(_random, hash) ?? candidates.Endpoints;
        if (endpoints.Length == 0)
        {
            return null;
        }

        var context = new LbContext(endpoints, _random, hash);
        return _balancer.Pick(in context);
    }

    // The load balancers cache per-set state by array reference, so new arrays are built only when the
    // outlier detector's selectable set changes.
    private CandidateSet CurrentCandidates()
    {
        var cached = Volatile.Read(ref _candidates);
        if (Outliers is null)
        {
            return cached;
        }

        var selected = Outliers.SelectCandidates();
        if (ReferenceEquals(cached.Source, selected))
        {
            return cached;
        }

        var set = Select(selected, selected.Indexes);
        Volatile.Write(ref _candidates, set);
        return set;
    }

    private CandidateSet Select(EndpointCandidates? source, ImmutableArray<int> indexes)
    {
        return _distribution is null
            ? new CandidateSet(source, SelectEndpoints(indexes), null)
            : new CandidateSet(source, [], _distribution.Split(indexes, _all));
    }

    private LbEndpoint[] SelectEndpoints(ImmutableArray<int> indexes)
    {
        if (_priorities is not null && indexes.Length > 0)
        {
            // Locality failover: only the best priority (same zone, then region, then failover targets) that still has
            // a selectable endpoint takes traffic.
            var best = int.MaxValue;
            foreach (var index in indexes)
            {
                best = Math.Min(best, _priorities[index]);
            }

            var level = new List<LbEndpoint>();
            foreach (var index in indexes)
            {
                if (_priorities[index] == best)
                {
                    level.Add(_all[index]);
                }
            }

            return level.Count == _all.Length ? _all : [.. level];
        }

        if (indexes.Length == _all.Length)
        {
            return _all;
        }

        var endpoints = new LbEndpoint[indexes.Length];
        for (var i = 0; i < endpoints.Length; i++)
        {
            endpoints[i] = _all[indexes[i]];
        }

        return endpoints;
    }

    // Istio applies locality failover only when outlier detection is configured (so that unhealthy localities can be
    // left), the client has a locality and the DestinationRule does not disable it or set a weighted distribution.
    private static int[]? LocalityPriorities(ClusterModel model, OutlierDetectionPolicy? outliers, string? clientLocality, LbEndpoint[] endpoints)
    {
        var setting = model.Policy.LoadBalancer?.LocalityLbSetting;
        if (outliers is null || string.IsNullOrEmpty(clientLocality) || setting?.Enabled == false || setting?.Distribute is { Count: > 0 })
        {
            return null;
        }

        var failover = new List<LocalityFailoverRule>();
        foreach (var rule in setting?.Failover ?? [])
        {
            if (rule.From is { } from && rule.To is { } to)
            {
                failover.Add(new LocalityFailoverRule(from, to));
            }
        }

        return LocalityPriority.AssignPriorities(Locality.Parse(clientLocality), endpoints, failover);
    }

    private static LocalityDistribution? Distribution(ClusterModel model, string? clientLocality, LbEndpoint[] endpoints)
    {
        var setting = model.Policy.LoadBalancer?.LocalityLbSetting;
        if (string.IsNullOrEmpty(clientLocality) || setting?.Enabled == false || setting?.Distribute is not { Count: > 0 } distribute)
        {
            return null;
        }

        var rules = new List<LocalityDistributeRule>();
        foreach (var rule in distribute)
        {
            if (rule.From is { } from && rule.To is { } to)
            {
                rules.Add(new LocalityDistributeRule(from, [.. to]));
            }
        }

        return LocalityDistribution.Create(clientLocality, rules, endpoints);
    }

    /// <summary>A selectable set: the outlier detector's set it came from, its endpoints, or with distribute, its localities.</summary>
    private sealed record CandidateSet(EndpointCandidates? Source, LbEndpoint[] Endpoints, LocalityCandidates? Localities);
}
