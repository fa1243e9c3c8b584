using System.Net;
using System.Net.Sockets;
using System.Text;
using MeshLib.Clusters;
using MeshLib.FunctionalTests.TestSupport;
using MeshLib.Http;
using Microsoft.AspNetCore.Http;
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

    /// <summary>A ServiceEntry <c>host</c> on port 8000 whose endpoints are 127.0.0.1 on <paramref name="ports"/>.</summary>
    public static string ServiceEntry(string host, params int[] ports)
    {
        var yaml = new StringBuilder($"""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: {host}
            spec:
              hosts: [{host}]
              location: MESH_INTERNAL
              resolution: STATIC
              ports:
              - number: 8000
                name: http
                protocol: HTTP
              endpoints:

            """);
        foreach (var port in ports)
        {
            yaml.Append("  - address: 127.0.0.1\n    ports:\n      http: ").Append(port).Append('\n');
        }

        return yaml.ToString();
    }

    /// <summary>A VirtualService for <paramref name="host"/> with one route whose extra fields are <paramref name="routeFields"/> (indented YAML).</summary>
    public static string VirtualService(string host, string routeFields) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: {host}
        spec:
          hosts: [{host}]
          http:
          - route:
            - destination:
                host: {host}
        {Indent(routeFields, "    ")}
        """;

    /// <summary>A DestinationRule for <paramref name="host"/> with <paramref name="trafficPolicy"/> (indented YAML under trafficPolicy).</summary>
    public static string DestinationRule(string host, string trafficPolicy) => $"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: {host}
        spec:
          host: {host}
          trafficPolicy:
        {Indent(trafficPolicy, "    ")}
        """;

    /// <summary>
    /// Runs the mesh's whole request path (configuration load, fault delay, route and per-try timeouts, retries,
    /// circuit breakers, outlier detection) once per process, so that tests with short timeouts do not pay the
    /// first-call JIT and start-up cost inside their timeout.
    /// </summary>
    public static Task WarmUpAsync() => Warm.Value;

    /// <summary>A port on 127.0.0.1 where nothing listens: bound on port 0, then released.</summary>
    public static int DeadPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static CancellationToken Bounded() => new CancellationTokenSource(CallBound).Token;

    /// <summary>A backend handler answering <paramref name="status"/> with a short text body.</summary>
    public static Func<HttpContext, Task<bool>> Status(int status) => async context =>
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsync("backend " + status);
        return true;
    };

    /// <summary>A backend handler that waits <paramref name="delay"/> (or until the client goes away), then falls through to the default answer.</summary>
    public static Func<HttpContext, Task<bool>> Delay(TimeSpan delay) => async context =>
    {
        try
        {
            await Task.Delay(delay, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return true;
        }

        return false;
    };

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
            ServiceEntry("warmup", backend.Port),
            VirtualService("warmup", """
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
            DestinationRule("warmup", """
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

    private static string Indent(string text, string prefix) =>
        string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? line : prefix + line));
}
