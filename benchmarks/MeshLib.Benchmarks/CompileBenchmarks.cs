using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using MeshLib.Benchmarks.Support;
using MeshLib.Configuration.Resources;
using MeshLib.Model.Compilation;

namespace MeshLib.Benchmarks;

/// <summary>
/// Snapshot compile time (<see cref="MeshCompiler.Compile"/>) for N services, each with a ServiceEntry, a
/// DestinationRule (two subsets, LEAST_REQUEST, outlier detection) and a VirtualService of three routes (header match,
/// uri prefix, 90/10 split), and 100,000 endpoints in total. Loading happens in setup and is not timed; validation runs
/// on the first 500 services only (see <see cref="MeshConfig.LoadUnvalidated"/>).
/// </summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private const int TotalEndpoints = 100_000;
    private const int ServicesPerChunk = 500;

    private IReadOnlyList<MeshResource> _resources = null!;
    private MeshCompiler _compiler = null!;

    [Params(1_000, 10_000)]
    public int VirtualServices { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var chunks = new List<string>();
        for (var first = 0; first < VirtualServices; first += ServicesPerChunk)
        {
            chunks.Add(Yaml(first, Math.Min(first + ServicesPerChunk, VirtualServices), TotalEndpoints / VirtualServices));
        }

        // The first chunk goes through full validation; the rest have the same shape and are only parsed.
        var resources = MeshConfig.Load(chunks[0]);
        resources.AddRange(MeshConfig.LoadUnvalidated(chunks.Skip(1)));
        _resources = resources;
        _compiler = MeshConfig.CreateCompiler();
        var snapshot = _compiler.Compile(_resources, []);
        if (snapshot.Services.All.Count() != VirtualServices || snapshot.Hosts.Find("svc-0") is not { Routes.Count: 3 })
        {
            throw new InvalidOperationException("The compiled snapshot is not what the resources describe.");
        }
    }

    [Benchmark]
    public object Compile() => _compiler.Compile(_resources, []);

    private static string Yaml(int first, int end, int endpointsPerService)
    {
        var text = new StringBuilder();
        for (var s = first; s < end; s++)
        {
            text.Append(CultureInfo.InvariantCulture, $$$"""
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: svc-{{{s}}}}
                spec:
                  hosts: [svc-{{{s}}}]
                  location: MESH_INTERNAL
                  resolution: STATIC
                  ports: [{number: 80, name: http, protocol: HTTP}]
                  endpoints:

                """);
            for (var e = 0; e < endpointsPerService; e++)
            {
                var n = (s * endpointsPerService) + e;
                text.Append(CultureInfo.InvariantCulture, $"  - {{address: 10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}, labels: {{version: v{(e % 2) + 1}}}}}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $$$"""
                ---
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: svc-{{{s}}}}
                spec:
                  host: svc-{{{s}}}
                  trafficPolicy:
                    loadBalancer: {simple: LEAST_REQUEST}
                    outlierDetection: {consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s}
                  subsets:
                  - {name: v1, labels: {version: v1}}
                  - {name: v2, labels: {version: v2}}
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: svc-{{{s}}}}
                spec:
                  hosts: [svc-{{{s}}}]
                  http:
                  - match:
                    - headers: {end-user: {exact: jason} }
                    route:
                    - destination: {host: svc-{{{s}}}, subset: v2}
                  - match:
                    - uri: {prefix: /v1/}
                    route:
                    - destination: {host: svc-{{{s}}}, subset: v1}
                  - timeout: 5s
                    route:
                    - {destination: {host: svc-{{{s}}}, subset: v1}, weight: 90}
                    - {destination: {host: svc-{{{s}}}, subset: v2}, weight: 10}
                ---

                """);
        }

        return text.ToString();
    }
}
