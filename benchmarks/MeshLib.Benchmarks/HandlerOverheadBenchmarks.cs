using System.Net;
using BenchmarkDotNet.Attributes;
using MeshLib.Benchmarks.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib.Benchmarks;

/// <summary>
/// Per-request cost of a client from <c>IHttpClientFactory</c>: plain, with <c>.AddMesh()</c> over
/// <see cref="RealisticMesh"/>, and with <c>AddStandardResilienceHandler()</c>. All three end in the same in-memory
/// handler (a canned 200, no sockets), so the differences are the handlers' own cost. The handler answers at once
/// (every async method completes synchronously), or, with <see cref="AsyncUpstream"/>, after a yield as a real
/// upstream does — then every handler's async methods suspend, and their state machines are what a real request pays.
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
public class HandlerOverheadBenchmarks : IDisposable
{
    private const int RequestsPerInvoke = 16;

    private InMemoryHandler _terminal = null!;
    private readonly Uri _uri = new(RealisticMesh.RequestUri);
    private ServiceProvider _plainProvider = null!;
    private ServiceProvider _meshProvider = null!;
    private ServiceProvider _resilienceProvider = null!;
    private HttpClient _plain = null!;
    private HttpClient _mesh = null!;
    private HttpClient _resilience = null!;

    /// <summary>Whether the in-memory upstream answers after a yield (asynchronously) rather than at once.</summary>
    [Params(false, true)]
    public bool AsyncUpstream { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _terminal = new InMemoryHandler(asynchronous: AsyncUpstream);
        var plain = new ServiceCollection();
        plain.AddHttpClient("plain").ConfigurePrimaryHttpMessageHandler(() => _terminal);
        _plainProvider = plain.BuildServiceProvider();
        _plain = _plainProvider.Client("plain");

        _meshProvider = MeshClients.Mesh("mesh", _terminal, RealisticMesh.Yaml());
        _mesh = _meshProvider.Client("mesh");

        var resilience = new ServiceCollection();
        resilience.AddHttpClient("resilience").ConfigurePrimaryHttpMessageHandler(() => _terminal).AddStandardResilienceHandler();
        _resilienceProvider = resilience.BuildServiceProvider();
        _resilience = _resilienceProvider.Client("resilience");

        // Every variant must answer 200 from the in-memory handler; the mesh must have rewritten the URI to an endpoint.
        Check(_plain, expectEndpoint: false);
        Check(_resilience, expectEndpoint: false);
        Check(_mesh, expectEndpoint: true);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _plainProvider?.Dispose();
        _meshProvider?.Dispose();
        _resilienceProvider?.Dispose();
        _terminal?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RequestsPerInvoke)]
    public Task<HttpStatusCode> Plain() => SendManyAsync(_plain);

    [Benchmark(OperationsPerInvoke = RequestsPerInvoke)]
    public Task<HttpStatusCode> Mesh() => SendManyAsync(_mesh);

    [Benchmark(OperationsPerInvoke = RequestsPerInvoke)]
    public Task<HttpStatusCode> StandardResilience() => SendManyAsync(_resilience);

    // Requests one after the other, as a caller's loop sends them. With an asynchronous upstream the first one starts on
    // BenchmarkDotNet's thread and the rest continue on the thread pool, as requests in a server do; measured one per
    // invocation, every request would start on the benchmark thread, where pooled state machines returned by pool
    // threads are never found again.
    private async Task<HttpStatusCode> SendManyAsync(HttpClient client)
    {
        var status = HttpStatusCode.OK;
        for (var i = 0; i < RequestsPerInvoke; i++)
        {
            status = await SendAsync(client);
        }

        return status;
    }

    private async Task<HttpStatusCode> SendAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _uri);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private void Check(HttpClient client, bool expectEndpoint)
    {
        var status = SendAsync(client).GetAwaiter().GetResult();
        var host = _terminal.LastRequestUri?.Host;
        if (status != HttpStatusCode.OK || expectEndpoint != (host?.StartsWith("10.0.", StringComparison.Ordinal) == true))
        {
            throw new InvalidOperationException($"Unexpected answer: {status} via {_terminal.LastRequestUri}.");
        }
    }
}
