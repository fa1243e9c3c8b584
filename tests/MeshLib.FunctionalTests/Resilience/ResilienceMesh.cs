using System.Net;
using MeshLib.Clusters;
using MeshLib.FunctionalTests.TestSupport;
using MeshLib.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib.FunctionalTests.Resilience;

/// <summary>A mesh-speaking <see cref="HttpClient"/> over a fresh service provider, and helpers for resilience tests.</summary>
internal sealed class ResilienceMesh : IDisposable
{
    /// <summary>The upper bound of any single call in these tests; a hang fails the test instead of blocking the run.</summary>
    public static readonly TimeSpan CallBound = TimeSpan.FromSeconds(30);

    private static readonly Lazy<Task> Warm = new(WarmUpOnceAsync);

    private readonly ServiceProvider _provider;

    private ResilienceMesh(ServiceProvider provider)
    {
        _provider = provider;
        Client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("mesh");
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _provider;

    /// <summary>Builds a client; <paramref name="configure"/> runs before <c>AddMesh</c> (e.g. to register a FakeTimeProvider).</summary>
    public static ResilienceMesh Create(Action<IServiceCollection, IMeshBuilder>? configure, params string[] yaml)
    {
        var services = new ServiceCollection();
        var mesh = services.AddMesh();
        foreach (var document in yaml)
        {
            mesh.AddYaml(document);
        }

        configure?.Invoke(services, mesh);
        services.AddHttpClient("mesh").AddMesh();
        return new ResilienceMesh(services.BuildServiceProvider());
    }

    public static ResilienceMesh Create(params string[] yaml) => Create(null, yaml);

    /// <summary>
    /// Runs the mesh's whole request path (configuration load, fault delay, route and per-try timeouts, retries,
    /// circuit breakers, outlier detection) once per process, so that tests with short timeouts do not pay the
    /// first-call JIT and start-up cost inside their timeout.
    /// </summary>
    public static Task WarmUpAsync() => Warm.Value;

    public static CancellationToken Bounded() => new CancellationTokenSource(CallBound).Token;

    public async Task<HttpResponseMessage> GetAsync(string url) => await Client.GetAsync(new Uri(url), Bounded());

    public async Task<(HttpStatusCode Status, string Body)> GetTextAsync(string url)
    {
        using var response = await GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The runtime state of the one cluster named after <paramref name="host"/>.</summary>
    public ClusterState Cluster(string host) =>
        _provider.GetRequiredService<MeshRuntime>().Clusters.States.Single(s =>
        {
            var name = s.Model.Name.Split('|')[^1];
            return name == host || name.StartsWith(host + ".", StringComparison.Ordinal);
        });

    public void Dispose()
    {
        Client.Dispose();
        _provider.Dispose();
    }

    private static async Task WarmUpOnceAsync()
    {
        await using var backend = await TestBackend.StartAsync("warm-up");
        using var mesh = Create(
            MeshYaml.ServiceEntry("warmup", 8000, backend.Port),
            MeshYaml.RouteTo("warmup", """
                timeout: 10s
                fault:
                  delay:
                    fixedDelay: 1ms
                    percentage: {value: 100}
                retries:
                  attempts: 2
                  perTryTimeout: 5s
                  retryOn: 5xx,reset,connect-failure
                """),
            MeshYaml.DestinationRule("warmup", """
                connectionPool:
                  tcp: {maxConnections: 10}
                  http: {http1MaxPendingRequests: 10}
                outlierDetection:
                  consecutive5xxErrors: 5
                  maxEjectionPercent: 100
                """));
        for (var i = 0; i < 3; i++)
        {
            using var response = await mesh.GetAsync("http://warmup:8000/get");
            await response.Content.ReadAsStringAsync();
        }
    }
}
