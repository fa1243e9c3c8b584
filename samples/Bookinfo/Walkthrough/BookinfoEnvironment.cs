using Bookinfo.Apps;
using Bookinfo.Load;
using Bookinfo.Mesh;
using MeshLib.Management;

namespace Bookinfo.Walkthrough;

/// <summary>
/// Everything the walkthrough runs on, in this process: productpage v1, details v1, reviews v1/v2/v3, ratings v1 and
/// httpbin v1, each its own <see cref="WebApplication"/> on 127.0.0.1; the watched mesh directory holding the local
/// registry; and the runner's own mesh clients (the "browser" behind the ingress, and fortio).
/// </summary>
public sealed class BookinfoEnvironment : IAsyncDisposable
{
    /// <summary>The runner's mesh client for page loads (in Istio: the ingress gateway's Envoy).</summary>
    public const string IngressClient = "ingress";

    /// <summary>The runner's mesh client for fortio (in Istio: the fortio pod's sidecar).</summary>
    public const string FortioClient = "fortio";

    private readonly ServiceProvider _runnerMesh;
    private readonly bool _ownsDirectory;

    private BookinfoEnvironment(
        IReadOnlyList<BookinfoApp> apps, ServiceProvider runnerMesh, LocalKubectl kubectl, string registryYaml, AppTimings timings, bool ownsDirectory)
    {
        Apps = apps;
        _runnerMesh = runnerMesh;
        Kubectl = kubectl;
        RegistryYaml = registryYaml;
        Timings = timings;
        _ownsDirectory = ownsDirectory;
        var factory = runnerMesh.GetRequiredService<IHttpClientFactory>();
        Ingress = factory.CreateClient(IngressClient);
        Fortio = factory.CreateClient(FortioClient);
    }

    /// <summary>Every workload.</summary>
    public IReadOnlyList<BookinfoApp> Apps { get; }

    /// <summary>The local kubectl over the watched mesh directory.</summary>
    public LocalKubectl Kubectl { get; }

    /// <summary>The registry written at start (ServiceEntries and WorkloadEntries with this run's ports).</summary>
    public string RegistryYaml { get; }

    /// <summary>The apps' hard-coded timeouts (scaled with <c>--fast</c>).</summary>
    public AppTimings Timings { get; }

    /// <summary>The runner's page-load client (mesh).</summary>
    public HttpClient Ingress { get; }

    /// <summary>The runner's fortio client (mesh).</summary>
    public HttpClient Fortio { get; }

    /// <summary>productpage v1.</summary>
    public BookinfoApp ProductPage => Apps.Single(a => a.Service == "productpage");

    /// <summary>httpbin v1.</summary>
    public BookinfoApp Httpbin => Apps.Single(a => a.Service == "httpbin");

    /// <summary>How long the warm-up took (mostly just-in-time compilation of the first requests).</summary>
    public TimeSpan WarmUpTime { get; private set; }

    /// <summary>The productpage URL a browser can open.</summary>
    public Uri ProductPageUrl => new(ProductPage.Url, "productpage");

    /// <summary>Starts every workload and writes the registry.</summary>
    /// <param name="timeScale">1, or the <c>--fast</c> factor for the apps' own timeouts.</param>
    /// <param name="output">Where the local kubectl prints.</param>
    /// <param name="meshDirectory">The mesh directory; default a new temporary directory, deleted on dispose.</param>
    /// <returns>The running environment.</returns>
    public static async Task<BookinfoEnvironment> StartAsync(double timeScale, TextWriter output, string? meshDirectory = null)
    {
        var owns = meshDirectory is null;
        meshDirectory ??= Path.Combine(Path.GetTempPath(), $"meshlib-bookinfo-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        var kubectl = new LocalKubectl(meshDirectory, output);
        var timings = new AppTimings(timeScale);
        var apps = new List<BookinfoApp>();
        try
        {
            // Leaf services first; the workloads that call others get a sidecar (their own mesh) on the watched directory.
            apps.Add(await BookinfoApp.StartAsync("details", "v1", null, Details.Map));
            apps.Add(await BookinfoApp.StartAsync("ratings", "v1", null, Ratings.Map));
            apps.Add(await BookinfoApp.StartAsync("reviews", "v1", null, app => Reviews.Map(app, "v1", timings)));
            apps.Add(await BookinfoApp.StartAsync("reviews", "v2", meshDirectory, app => Reviews.Map(app, "v2", timings)));
            apps.Add(await BookinfoApp.StartAsync("reviews", "v3", meshDirectory, app => Reviews.Map(app, "v3", timings)));
            apps.Add(await BookinfoApp.StartAsync("productpage", "v1", meshDirectory, app => Bookinfo.Apps.ProductPage.Map(app, timings)));
            apps.Add(await BookinfoApp.StartAsync("httpbin", "v1", null, Bookinfo.Apps.Httpbin.Map));
        }
        catch
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }

            throw;
        }

        // The runner is a mesh workload too: the browser's way in (an ingress gateway in Istio) and fortio.
        var services = new ServiceCollection();
        services.AddMesh().AddYamlFile(meshDirectory, reloadOnChange: true);
        services.AddHttpClient(IngressClient).AddMesh();
        services.AddHttpClient(FortioClient).AddMesh();
        var runnerMesh = services.BuildServiceProvider();
        var runnerManager = runnerMesh.GetRequiredService<MeshConfigManager>();
        runnerManager.LoadInitial();

        foreach (var app in apps.Where(a => a.Mesh is not null))
        {
            kubectl.AddSidecar(app.PodName, app.Mesh!);
        }

        kubectl.AddSidecar("runner", runnerManager);
        var registry = LocalRegistry.Yaml(apps);
        var environment = new BookinfoEnvironment(apps, runnerMesh, kubectl, registry, timings, owns);
        await kubectl.ApplyAsync("registry.yaml", registry, quiet: true);
        var warmUp = System.Diagnostics.Stopwatch.StartNew();
        await environment.WarmUpAsync();
        environment.WarmUpTime = warmUp.Elapsed;
        return environment;
    }

    /// <summary>
    /// The "pods ready" wait: a few requests through every app, and through a throwaway mesh whose routes use a fault
    /// delay, an abort, a route timeout that fires, retries and a timeout header, so that the first timed observation
    /// does not pay for just-in-time compilation (all workloads share this process's runtime).
    /// </summary>
    private async Task WarmUpAsync()
    {
        var services = new ServiceCollection();
        services.AddMesh().AddYaml(WarmUpYaml(Httpbin.Port));
        services.AddHttpClient("warmup").AddMesh();
        await using (var provider = services.BuildServiceProvider())
        {
            using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("warmup");
            foreach (var (path, header, value) in new[]
            {
                ("/get", "x-envoy-upstream-rq-timeout-ms", "1000"), ("/get", "x-envoy-upstream-rq-timeout-ms", "1000"), ("/get", "x-warmup", "abort"), ("/get", "x-warmup", "delay"), ("/get", "x-warmup", "plain"), ("/delay/0.2", "x-warmup", "plain"),
                ("/status/503", "x-warmup", "plain"), ("/get", "x-envoy-upstream-rq-timeout-ms", "1000"), ("/delay/0.2", "x-envoy-upstream-rq-timeout-ms", "20"),
            })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"http://warmup{path}");
                request.Headers.TryAddWithoutValidation(header, value);
                using var response = await client.SendAsync(request);
                _ = await response.Content.ReadAsByteArrayAsync();
            }
        }

        foreach (var user in new[] { string.Empty, "jason", string.Empty, "jason" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "http://productpage:9080/api/v1/productpage");
            request.Headers.TryAddWithoutValidation("Cookie", $"user={user}");
            using var response = await Ingress.SendAsync(request);
            _ = await response.Content.ReadAsByteArrayAsync();
        }

        foreach (var app in Apps)
        {
            using var response = await Ingress.GetAsync(new Uri(app.Url, "health"));
        }
    }

    private static string WarmUpYaml(int port) => $"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: warmup
        spec:
          hosts:
          - warmup
          location: MESH_INTERNAL
          resolution: STATIC
          ports:
          - number: 80
            name: http
            protocol: HTTP
          endpoints:
          - address: 127.0.0.1
            ports:
              http: {port}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: warmup
        spec:
          hosts:
          - warmup
          http:
          - match:
            - headers:
                x-warmup:
                  exact: abort
            fault:
              abort:
                httpStatus: 500
                percentage:
                  value: 100
            route:
            - destination:
                host: warmup
          - match:
            - headers:
                x-warmup:
                  exact: delay
            fault:
              delay:
                fixedDelay: 1ms
                percentage:
                  value: 100
            route:
            - destination:
                host: warmup
            timeout: 5s
          - route:
            - destination:
                host: warmup
            timeout: 100ms
            retries:
              attempts: 1
              perTryTimeout: 80ms
              retryOn: 5xx
        """;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Ingress.Dispose();
        Fortio.Dispose();
        await _runnerMesh.DisposeAsync();
        foreach (var app in Apps)
        {
            await app.DisposeAsync();
        }

        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(Kubectl.Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
