using System.Net;
using BenchmarkDotNet.Attributes;
using MeshLib.Benchmarks.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib.Benchmarks;

/// <summary>
/// The cost of the mesh's failure paths next to its success path, all through the same mesh client and in-memory
/// terminal: connection-pool overflow (<c>http2MaxRequests: 1</c> with one request held in flight since setup), no
/// healthy upstream (a subset whose labels select no endpoint) and a 100% fault abort. The design's target is a failure
/// path within 2x of the success path: failures come back as responses, never as exceptions.
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
public class FailurePathBenchmarks : IDisposable
{
    private const string Retries = "{attempts: 2, retryOn: \"connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes\"}";

    private readonly InMemoryHandler _terminal = new(holdable: true);
    private readonly Uri _success = new("http://ok/items/1");
    private readonly Uri _overflow = new("http://overflow/items/1");
    private readonly Uri _noHealthy = new("http://empty/items/1");
    private readonly Uri _fault = new("http://fault/items/1");
    private ServiceProvider? _provider;
    private HttpClient _client = null!;
    private Task<HttpResponseMessage>? _held;

    [GlobalSetup]
    public void Setup()
    {
        _provider = MeshClients.Mesh("mesh", _terminal, Yaml);
        _client = _provider.Client("mesh");

        // Takes the only request slot of the overflow cluster until cleanup; every later request to it overflows.
        _held = _client.GetAsync(new Uri("http://overflow" + InMemoryHandler.HoldPath));
        if (_held.IsCompleted)
        {
            throw new InvalidOperationException("The held request completed; the overflow cluster would not be saturated.");
        }

        Expect(_success, HttpStatusCode.OK, null);
        Expect(_overflow, HttpStatusCode.ServiceUnavailable, "reset reason: overflow");
        Expect(_noHealthy, HttpStatusCode.ServiceUnavailable, "no healthy upstream");
        Expect(_fault, HttpStatusCode.ServiceUnavailable, "fault filter abort");
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _terminal.ReleaseHeld();
        _held?.GetAwaiter().GetResult().Dispose();
        _provider?.Dispose();
        _terminal.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public Task<HttpStatusCode> Success() => SendAsync(_success);

    [Benchmark]
    public Task<HttpStatusCode> Overflow() => SendAsync(_overflow);

    [Benchmark]
    public Task<HttpStatusCode> NoHealthyUpstream() => SendAsync(_noHealthy);

    [Benchmark]
    public Task<HttpStatusCode> FaultAbort() => SendAsync(_fault);

    private async Task<HttpStatusCode> SendAsync(Uri uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }

    private void Expect(Uri uri, HttpStatusCode status, string? body)
    {
        using var response = _client.GetAsync(uri).GetAwaiter().GetResult();
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (response.StatusCode != status || (body is not null && !text.Contains(body, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"{uri}: expected {(int)status} '{body}', got {(int)response.StatusCode} '{text}'.");
        }
    }

    // No route or per-try timeout anywhere: the held request must keep its slot for the whole run.
    private static readonly string Yaml = $$$"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: backends}
        spec:
          hosts: [ok, overflow, empty, fault]
          location: MESH_INTERNAL
          resolution: STATIC
          ports: [{number: 80, name: http, protocol: HTTP}]
          endpoints:
          - {address: 10.2.0.1, labels: {version: v1}}
          - {address: 10.2.0.2, labels: {version: v1}}
          - {address: 10.2.0.3, labels: {version: v1}}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: overflow}
        spec:
          host: overflow
          trafficPolicy:
            connectionPool:
              http: {http2MaxRequests: 1}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: empty}
        spec:
          host: empty
          subsets:
          - {name: none, labels: {version: v9}}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: ok}
        spec:
          hosts: [ok]
          http:
          - retries: {{{Retries}}}
            route: [{destination: {host: ok}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: overflow}
        spec:
          hosts: [overflow]
          http:
          - retries: {{{Retries}}}
            route: [{destination: {host: overflow}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: empty}
        spec:
          hosts: [empty]
          http:
          - retries: {{{Retries}}}
            route: [{destination: {host: empty, subset: none}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: fault}
        spec:
          hosts: [fault]
          http:
          - retries: {{{Retries}}}
            fault:
              abort: {httpStatus: 503, percentage: {value: 100}}
            route: [{destination: {host: fault}}]
        """;
}
