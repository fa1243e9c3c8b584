using Bookinfo.Apps;
using Bookinfo.Mesh;
using MeshLib.Management;

namespace Bookinfo.Walkthrough;

/// <summary>
/// Everything the walkthrough runs on, in this process: productpage v1, details v1, reviews v1/v2/v3, ratings v1 and
/// httpbin v1, each its own <see cref="WebApplication"/> on 127.0.0.1; the watched mesh directory holding the local
/// registry; the runner's own clients (the "browser" behind the ingress, and fortio); and each caller's sidecar —
/// a mesh in the app, or with <c>--sidecar</c> a MeshLib sidecar process per caller, its HTTP proxy.
/// </summary>
public sealed class BookinfoEnvironment : IAsyncDisposable
{
    /// <summary>The runner's client for page loads (in Istio: the ingress gateway's Envoy).</summary>
    public const string IngressClient = "ingress";

    /// <summary>The runner's client for fortio (in Istio: the fortio pod's sidecar).</summary>
    public const string FortioClient = "fortio";

    /// <summary>The name of the runner's own sidecar.</summary>
    public const string RunnerName = "runner";

    /// <summary>The workloads that call other services, and so have a sidecar.</summary>
    private static readonly string[] Callers = ["reviews-v2", "reviews-v3", "productpage-v1"];

    private readonly ServiceProvider _runnerServices;
    private readonly IReadOnlyList<MeshSidecarProcess> _processes;
    private readonly bool _ownsDirectory;

    private BookinfoEnvironment(
        IReadOnlyList<BookinfoApp> apps,
        ServiceProvider runnerServices,
        IReadOnlyList<MeshSidecarProcess> processes,
        LocalKubectl kubectl,
        string registryYaml,
        AppTimings timings,
        bool ownsDirectory)
    {
        Apps = apps;
        _runnerServices = runnerServices;
        _processes = processes;
        Kubectl = kubectl;
        RegistryYaml = registryYaml;
        Timings = timings;
        _ownsDirectory = ownsDirectory;
        var factory = runnerServices.GetRequiredService<IHttpClientFactory>();
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

    /// <summary>The runner's page-load client, through the runner's sidecar.</summary>
    public HttpClient Ingress { get; }

    /// <summary>The runner's fortio client, through the runner's sidecar.</summary>
    public HttpClient Fortio { get; }

    /// <summary>The sidecar processes (<c>--sidecar</c>), one per caller and the runner's; empty otherwise.</summary>
    public IReadOnlyList<MeshSidecarProcess> SidecarProcesses => _processes;

    /// <summary>productpage v1.</summary>
    public BookinfoApp ProductPage => Apps.Single(a => a.Service == "productpage");

    /// <summary>httpbin v1.</summary>
    public BookinfoApp Httpbin => Apps.Single(a => a.Service == "httpbin");

    /// <summary>How long the warm-up took (mostly just-in-time compilation of the first requests).</summary>
    public TimeSpan WarmUpTime { get; private set; }

    /// <summary>The productpage URL a browser can open.</summary>
    public Uri ProductPageUrl => new(ProductPage.Url, "productpage");

    /// <summary>Starts every workload (and with <see cref="WalkthroughOptions.Sidecar"/> the sidecar processes) and writes the registry.</summary>
    /// <param name="options">The time scale of the apps' own timeouts, and whether the callers use sidecar processes.</param>
    /// <param name="output">Where the local kubectl prints.</param>
    /// <param name="meshDirectory">The mesh directory; default a new temporary directory, deleted on dispose.</param>
    /// <returns>The running environment.</returns>
    public static async Task<BookinfoEnvironment> StartAsync(WalkthroughOptions options, TextWriter output, string? meshDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var owns = meshDirectory is null;
        meshDirectory ??= Path.Combine(Path.GetTempPath(), $"meshlib-bookinfo-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        var kubectl = new LocalKubectl(meshDirectory, output);
        var timings = new AppTimings(options.TimeScale);
        var apps = new List<BookinfoApp>();
        var processes = new List<MeshSidecarProcess>();
        ServiceProvider? runnerServices = null;
        try
        {
            // --sidecar: one sidecar process per caller, as each pod has its istio-proxy, started together (each
            // pays its own start-up) on the still empty directory; the registry comes once the apps have ports.
            if (options.Sidecar)
            {
                var starting = Callers
                    .Select(pod => MeshSidecarProcess.StartAsync(pod, meshDirectory, LabelsOf(pod)))
                    .Append(MeshSidecarProcess.StartAsync(RunnerName, meshDirectory))
                    .ToList();
                try
                {
                    await Task.WhenAll(starting);
                }
                finally
                {
                    processes.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
                }
            }

            MeshSidecarProcess? SidecarOf(string pod) => processes.FirstOrDefault(p => p.Name == pod);
            string? MeshOf(string pod) => options.Sidecar || !Callers.Contains(pod) ? null : meshDirectory;
            Task<BookinfoApp> Start(string service, string version, Action<WebApplication> map) =>
                BookinfoApp.StartAsync(service, version, map, MeshOf($"{service}-{version}"), SidecarOf($"{service}-{version}"));

            // Leaf services first, then the callers.
            apps.Add(await Start("details", "v1", Details.Map));
            apps.Add(await Start("ratings", "v1", Ratings.Map));
            apps.Add(await Start("reviews", "v1", app => Reviews.Map(app, "v1", timings)));
            apps.Add(await Start("reviews", "v2", app => Reviews.Map(app, "v2", timings)));
            apps.Add(await Start("reviews", "v3", app => Reviews.Map(app, "v3", timings)));
            apps.Add(await Start("productpage", "v1", app => Bookinfo.Apps.ProductPage.Map(app, timings)));
            apps.Add(await Start("httpbin", "v1", Bookinfo.Apps.Httpbin.Map));

            // The runner is a mesh workload too: the browser's way in (an ingress gateway in Istio) and fortio.
            var services = new ServiceCollection();
            ISidecar runnerSidecar;
            if (SidecarOf(RunnerName) is { } runnerProcess)
            {
                services.AddHttpClient(IngressClient).ConfigurePrimaryHttpMessageHandler(runnerProcess.CreateProxyHandler);
                services.AddHttpClient(FortioClient).ConfigurePrimaryHttpMessageHandler(runnerProcess.CreateProxyHandler);
                runnerServices = services.BuildServiceProvider();
                runnerSidecar = runnerProcess;
            }
            else
            {
                services.AddMesh().AddYamlFile(meshDirectory, reloadOnChange: true);
                services.AddHttpClient(IngressClient).AddMesh();
                services.AddHttpClient(FortioClient).AddMesh();
                runnerServices = services.BuildServiceProvider();
                var runnerManager = runnerServices.GetRequiredService<MeshConfigManager>();
                runnerManager.LoadInitial();
                runnerSidecar = new InProcessSidecar(RunnerName, runnerManager);
            }

            foreach (var app in apps.Where(a => a.Sidecar is not null))
            {
                kubectl.AddSidecar(app.Sidecar!);
            }

            kubectl.AddSidecar(runnerSidecar);
            var registry = LocalRegistry.Yaml(apps);
            var environment = new BookinfoEnvironment(apps, runnerServices, processes, kubectl, registry, timings, owns);
            await kubectl.ApplyAsync("registry.yaml", registry, quiet: true);
            var warmUp = System.Diagnostics.Stopwatch.StartNew();
            await environment.WarmUpAsync();
            environment.WarmUpTime = warmUp.Elapsed;
            return environment;
        }
        catch
        {
            await StopAsync(apps, processes, runnerServices);
            throw;
        }
    }

    /// <summary>A pod's labels, as its in-process mesh has them (<c>reviews-v2</c>: app reviews, version v2).</summary>
    private static Dictionary<string, string> LabelsOf(string pod) => new()
    {
        ["app"] = pod[..pod.LastIndexOf('-')],
        ["version"] = pod[(pod.LastIndexOf('-') + 1)..],
    };

    /// <summary>
    /// The "pods ready" wait: a few requests through every app, and through every mesh — each sidecar process, or a
    /// throwaway mesh in this process — on routes that use a fault delay, an abort, a route timeout that fires,
    /// retries, a timeout header and a circuit breaker that overflows, so that the first observation does not pay for
    /// just-in-time compilation.
    /// </summary>
    private async Task WarmUpAsync()
    {
        var warmUp = WarmUpYaml(Httpbin.Port);
        if (_processes.Count > 0)
        {
            // Each sidecar process compiles its own code: the warm-up routes go into the watched directory for a moment.
            await Kubectl.ApplyAsync("warmup.yaml", warmUp, quiet: true);
            await Task.WhenAll(_processes.Select(async sidecar =>
            {
                using var client = new HttpClient(sidecar.CreateProxyHandler());
                await SendWarmUpRequestsAsync(client);
            }));

            await Kubectl.DeleteAsync("warmup.yaml", warmUp, quiet: true);
        }
        else
        {
            var services = new ServiceCollection();
            services.AddMesh().AddYaml(warmUp);
            services.AddHttpClient("warmup").AddMesh();
            await using var provider = services.BuildServiceProvider();
            using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("warmup");
            await SendWarmUpRequestsAsync(client);
        }

        foreach (var user in new[] { string.Empty, "jason", string.Empty, "jason" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "http://productpage:9080/api/v1/productpage");
            request.Headers.TryAddWithoutValidation("Cookie", $"user={user}");
            using var response = await Ingress.SendAsync(request);
            _ = await response.Content.ReadAsByteArrayAsync();
        }

        // Every app, and every reviews version's call to ratings (the page loads above pick versions at random).
        foreach (var app in Apps)
        {
            foreach (var path in app.Service == "reviews" ? ["health", "reviews/0", "reviews/0"] : new[] { "health" })
            {
                using var response = await Ingress.GetAsync(new Uri(app.Url, path));
                _ = await response.Content.ReadAsByteArrayAsync();
            }
        }
    }

    private static async Task SendWarmUpRequestsAsync(HttpClient client)
    {
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

        // Three at once against one connection and one pending slot: the circuit breaker's overflow path.
        await Task.WhenAll(SlowGetAsync(), SlowGetAsync(), SlowGetAsync());

        async Task SlowGetAsync()
        {
            using var response = await client.GetAsync(new Uri("http://warmup/delay/0.05"));
            _ = await response.Content.ReadAsByteArrayAsync();
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
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: warmup
        spec:
          host: warmup
          trafficPolicy:
            connectionPool:
              tcp:
                maxConnections: 1
              http:
                http1MaxPendingRequests: 1
                maxRequestsPerConnection: 1
        """;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Ingress.Dispose();
        Fortio.Dispose();
        await StopAsync(Apps, _processes, _runnerServices);
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

    private static async Task StopAsync(IEnumerable<BookinfoApp> apps, IEnumerable<MeshSidecarProcess> processes, ServiceProvider? runnerServices)
    {
        if (runnerServices is not null)
        {
            await runnerServices.DisposeAsync();
        }

        foreach (var app in apps)
        {
            await app.DisposeAsync();
        }

        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }
    }
}
