using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using MeshLib.Benchmarks.Support;
using MeshLib.Model;

namespace MeshLib.Benchmarks;

/// <summary>
/// Virtual-host lookup, <see cref="HostIndex.Find"/>, in a snapshot compiled from N ServiceEntries (each indexed under
/// its short name, <c>name.ns</c>, <c>name.ns.svc</c> and its FQDN) plus three wildcard ServiceEntries with a
/// VirtualService each (a wildcard host gets a virtual host only through a VirtualService).
/// </summary>
[MemoryDiagnoser]
public class HostLookupBenchmarks
{
    private HostIndex _hosts = null!;
    private string _shortName = null!;
    private string _fqdn = null!;

    [Params(10, 1_000, 10_000)]
    public int Hosts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _hosts = MeshConfig.Compile(Yaml(Hosts)).Hosts;
        var middle = Hosts / 2;
        _shortName = $"svc-{middle}";
        _fqdn = $"svc-{middle}.default.svc.cluster.local";
        if (FindShortName() is null || FindFqdn() is null || FindWildcard() is null || FindMiss() is not null)
        {
            throw new InvalidOperationException(
                $"The host index does not answer as expected: short {FindShortName() is not null}, fqdn {FindFqdn() is not null}, wildcard {FindWildcard() is not null}, miss {FindMiss() is null}.");
        }
    }

    [Benchmark(Baseline = true)]
    public object? FindShortName() => _hosts.Find(_shortName);

    [Benchmark]
    public object? FindFqdn() => _hosts.Find(_fqdn);

    /// <summary>An exact miss that a wildcard (<c>*.ext-1.example.com</c>) catches.</summary>
    [Benchmark]
    public object? FindWildcard() => _hosts.Find("api.ext-1.example.com");

    /// <summary>Unknown to the mesh: the passthrough (ALLOW_ANY) case.</summary>
    [Benchmark]
    public object? FindMiss() => _hosts.Find("www.unknown.org");

    private static string Yaml(int hosts)
    {
        var text = new StringBuilder();
        for (var i = 0; i < hosts; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $$"""
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: svc-{{i}}}
                spec:
                  hosts: [svc-{{i}}]
                  location: MESH_INTERNAL
                  resolution: STATIC
                  ports: [{number: 80, name: http, protocol: HTTP}]
                  endpoints: [{address: 10.{{(i >> 16) & 255}}.{{(i >> 8) & 255}}.{{i & 255}}}]
                ---

                """);
        }

        for (var k = 0; k < 3; k++)
        {
            text.Append(CultureInfo.InvariantCulture, $$"""
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: ext-{{k}}}
                spec:
                  hosts: ["*.ext-{{k}}.example.com"]
                  location: MESH_EXTERNAL
                  resolution: NONE
                  ports: [{number: 80, name: http, protocol: HTTP}]
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: ext-{{k}}}
                spec:
                  hosts: ["*.ext-{{k}}.example.com"]
                  http:
                  - route:
                    - destination: {host: "*.ext-{{k}}.example.com"}
                ---

                """);
        }

        return text.ToString();
    }
}
