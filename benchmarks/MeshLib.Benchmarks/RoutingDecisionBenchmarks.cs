using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using MeshLib.Benchmarks.Support;
using MeshLib.Model;
using MeshLib.Routing;

namespace MeshLib.Benchmarks;

/// <summary>
/// The routing decision alone: <see cref="RouteSelector.Select(in RequestView, int, out RouteMatch?)"/> over a
/// compiled VirtualService of 1 to 1,000 routes, for a request that only the last route matches (the worst case of a
/// first-match-wins table). Each route matches a uri and a header, either as prefix + exact or as two regexes.
/// </summary>
[MemoryDiagnoser]
public class RoutingDecisionBenchmarks : IDisposable
{
    private const int Port = 80;

    private HttpRequestMessage _request = null!;
    private RequestView _view;
    private RouteSelector _selector = null!;
    private MeshSnapshot _snapshot = null!;

    public enum MatchKind
    {
        /// <summary><c>uri: {prefix: /api/rN/}</c> and <c>headers: {x-tenant: {exact: tN}}</c>.</summary>
        PrefixAndExactHeader,

        /// <summary><c>uri: {regex: /api/rN/[a-z]+/[0-9]+}</c> and <c>headers: {x-tenant: {regex: tN(-.*)?}}</c>.</summary>
        Regex,
    }

    [Params(1, 10, 100, 1000)]
    public int Routes { get; set; }

    [Params(MatchKind.PrefixAndExactHeader, MatchKind.Regex)]
    public MatchKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = MeshConfig.Compile(Yaml(Routes, Kind));
        var last = Routes - 1;
        _request = new HttpRequestMessage(HttpMethod.Get, $"http://svc/api/r{last}/items/42");
        _request.Headers.Add("x-tenant", $"t{last}");
        _view = new RequestView(_request);
        var virtualHost = _snapshot.Hosts.Find(_view.HostWithoutPort) ?? throw new InvalidOperationException("svc is not indexed.");
        _selector = virtualHost.Selector;
        if (_selector.Routes.Count != Routes || Select() != last || FullDecision() != last)
        {
            throw new InvalidOperationException($"Expected route {last} of {Routes} to match, got {Select()}.");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _request?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The first-match scan alone, over a request already read.</summary>
    [Benchmark]
    public int Select() => _selector.Select(in _view, Port, out _);

    /// <summary>What the handler does per request before forwarding: read the request, find the virtual host, pick the route.</summary>
    [Benchmark]
    public int FullDecision()
    {
        var view = new RequestView(_request);
        var virtualHost = _snapshot.Hosts.Find(view.HostWithoutPort);
        return virtualHost!.Selector.Select(in view, view.Port, out _);
    }

    internal static string Yaml(int routes, MatchKind kind)
    {
        var text = new StringBuilder("""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: svc
            spec:
              hosts: [svc]
              location: MESH_INTERNAL
              resolution: STATIC
              ports:
              - {number: 80, name: http, protocol: HTTP}
              endpoints:
              - {address: 10.1.0.1}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: svc
            spec:
              hosts: [svc]
              http:

            """);
        for (var i = 0; i < routes; i++)
        {
            var match = kind == MatchKind.Regex
                ? $"{{uri: {{regex: \"/api/r{i}/[a-z]+/[0-9]+\"}}, headers: {{x-tenant: {{regex: \"t{i}(-.*)?\"}}}}}}"
                : $"{{uri: {{prefix: /api/r{i}/}}, headers: {{x-tenant: {{exact: t{i}}}}}}}";
            text.Append(CultureInfo.InvariantCulture, $"  - name: r{i}\n    match: [{match}]\n    route: [{{destination: {{host: svc}}}}]\n");
        }

        return text.ToString();
    }
}
