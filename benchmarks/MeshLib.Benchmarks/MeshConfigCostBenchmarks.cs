using System.Net;
using BenchmarkDotNet.Attributes;
using MeshLib.Benchmarks.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib.Benchmarks;

/// <summary>
/// Where the mesh's per-request cost comes from: the same in-memory request through <c>.AddMesh()</c> as configuration
/// parts are added one at a time, from a single route without retries up to <see cref="RealisticMesh.Yaml()"/>.
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
public class MeshConfigCostBenchmarks : IDisposable
{
    private readonly InMemoryHandler _terminal = new();
    private readonly Uri _uri = new(RealisticMesh.RequestUri);
    private ServiceProvider? _provider;
    private HttpClient _client = null!;

    public enum Variant
    {
        /// <summary>One route to the whole service, <c>attempts: 0</c>, no timeout, no DestinationRule: no Polly at all.</summary>
        OneRouteNoPolicies,

        /// <summary>Nine non-matching header/uri routes before it.</summary>
        TenRoutes,

        /// <summary>Plus the DestinationRule: three weighted subsets, LEAST_REQUEST, pool limits, outlier detection.</summary>
        TenRoutesDestinationRule,

        /// <summary>Plus retries (2 attempts, per-try timeout 3s).</summary>
        TenRoutesDestinationRuleRetries,

        /// <summary>Plus a 10s route timeout: the full <see cref="RealisticMesh.Yaml()"/>.</summary>
        Realistic,
    }

    [Params(Variant.OneRouteNoPolicies, Variant.TenRoutes, Variant.TenRoutesDestinationRule, Variant.TenRoutesDestinationRuleRetries, Variant.Realistic)]
    public Variant Config { get; set; }

    /// <summary>Whether <c>SendAsync</c> buffers the response (<c>ResponseContentRead</c>, the default) or returns at headers.</summary>
    [Params(HttpCompletionOption.ResponseContentRead, HttpCompletionOption.ResponseHeadersRead)]
    public HttpCompletionOption Completion { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var yaml = Config switch
        {
            Variant.OneRouteNoPolicies => RealisticMesh.Yaml(matchRoutes: 0, destinationRule: false, timeout: false, retries: false),
            Variant.TenRoutes => RealisticMesh.Yaml(matchRoutes: 9, destinationRule: false, timeout: false, retries: false),
            Variant.TenRoutesDestinationRule => RealisticMesh.Yaml(matchRoutes: 9, destinationRule: true, timeout: false, retries: false),
            Variant.TenRoutesDestinationRuleRetries => RealisticMesh.Yaml(matchRoutes: 9, destinationRule: true, timeout: false, retries: true),
            _ => RealisticMesh.Yaml(),
        };
        _provider = MeshClients.Mesh("mesh", _terminal, yaml);
        _client = _provider.Client("mesh");
        if (Send().GetAwaiter().GetResult() != HttpStatusCode.OK || _terminal.LastRequestUri?.Host.StartsWith("10.0.", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"The mesh did not route to an endpoint: {_terminal.LastRequestUri}.");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _provider?.Dispose();
        _terminal.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public async Task<HttpStatusCode> Send()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _uri);
        using var response = await _client.SendAsync(request, Completion);
        return response.StatusCode;
    }
}
