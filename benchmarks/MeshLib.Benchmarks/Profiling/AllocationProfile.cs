using System.Globalization;
using MeshLib.Benchmarks.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib.Benchmarks.Profiling;

/// <summary>
/// <c>--alloc-profile [requests] [--async-upstream]</c>: sends the same in-memory request through the plain and the mesh
/// client of <see cref="HandlerOverheadBenchmarks"/> and prints, per allocated type, the sampled bytes per request of
/// each and the difference: where the mesh's extra allocation goes. Sampled, so small types are approximate.
/// </summary>
internal static class AllocationProfile
{
    public static async Task RunAsync(int requests, bool asynchronous)
    {
        var terminal = new InMemoryHandler(asynchronous: asynchronous);
        var plainServices = new ServiceCollection();
        plainServices.AddHttpClient("plain").ConfigurePrimaryHttpMessageHandler(() => terminal);
        using var plainProvider = plainServices.BuildServiceProvider();
        using var meshProvider = MeshClients.Mesh("mesh", terminal, RealisticMesh.Yaml());
        var plain = plainProvider.Client("plain");
        var mesh = meshProvider.Client("mesh");
        var uri = new Uri(RealisticMesh.RequestUri);

        using var sampler = new AllocationSampler();
        var plainBytes = await MeasureAsync(plain, uri, requests, sampler);
        var meshBytes = await MeasureAsync(mesh, uri, requests, sampler);

        var perRequestPlain = plainBytes.Values.Sum() / (double)requests;
        var perRequestMesh = meshBytes.Values.Sum() / (double)requests;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Requests: {requests:N0}. Sampled bytes/request: plain {perRequestPlain:F0}, mesh {perRequestMesh:F0}, added {perRequestMesh - perRequestPlain:F0}."));
        Console.WriteLine();
        Console.WriteLine("| Type | plain B/req | mesh B/req | added B/req |");
        Console.WriteLine("|---|---:|---:|---:|");
        var rows = plainBytes.Keys.Union(meshBytes.Keys)
            .Select(type => (Type: type, Plain: plainBytes.GetValueOrDefault(type) / (double)requests, Mesh: meshBytes.GetValueOrDefault(type) / (double)requests))
            .OrderByDescending(row => Math.Abs(row.Mesh - row.Plain))
            .Take(30);
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{row.Type}` | {row.Plain:F0} | {row.Mesh:F0} | {row.Mesh - row.Plain:+0;-0;0} |"));
        }
    }

    private static async Task<IReadOnlyDictionary<string, long>> MeasureAsync(HttpClient client, Uri uri, int requests, AllocationSampler sampler)
    {
        // Warm up (JIT, tiering, caches) before sampling.
        for (var i = 0; i < 50_000; i++)
        {
            await SendAsync(client, uri);
        }

        sampler.Start();
        for (var i = 0; i < requests; i++)
        {
            await SendAsync(client, uri);
        }

        return sampler.Stop();
    }

    private static async Task SendAsync(HttpClient client, Uri uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await client.SendAsync(request);
    }
}
