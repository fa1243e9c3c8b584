using System.Collections.Concurrent;
using System.Net;
using MeshLib.Configuration.Diagnostics;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Http;

/// <summary>Hot reload of watched YAML files: new routing applies live, in-flight traffic never fails, bad edits are rejected.</summary>
public sealed class ReloadTests(ReviewsBackends backends) : IClassFixture<ReviewsBackends>
{
    private const string Url = "http://reviews:9080/reviews/0";
    private static readonly TimeSpan ReloadWait = TimeSpan.FromSeconds(10);

    private static string RouteTo(string subset) => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {host: reviews, subset: {{subset}}}
        """;

    private static string Weighted(int v1, int v2) => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {host: reviews, subset: v1}
              weight: {{v1}}
            - destination: {host: reviews, subset: v2}
              weight: {{v2}}
        """;

    private MeshHarness Watch(TempDirectory directory, string virtualService)
    {
        directory.Write("registry.yaml", backends.Registry + "---\n" + ReviewsBackends.Subsets());
        directory.Write("reviews.yaml", virtualService);
        return MeshHarness.Create(mesh => mesh.AddYamlFile(directory.Path, reloadOnChange: true));
    }

    private static async Task<bool> RoutesOnlyToAsync(MeshHarness mesh, string backend, int requests = 5)
    {
        for (var i = 0; i < requests; i++)
        {
            if (await mesh.BackendOfAsync(Url) != backend)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public async Task ChangingTheRoute_AppliesLive()
    {
        using var directory = new TempDirectory();
        await using var mesh = Watch(directory, RouteTo("v1"));
        Assert.True(await RoutesOnlyToAsync(mesh, "reviews-v1"));
        var version = mesh.Manager.Current.Version;

        directory.Write("reviews.yaml", RouteTo("v3"));
        Assert.True(await Poll.UntilAsync(() => RoutesOnlyToAsync(mesh, "reviews-v3", 1), ReloadWait), "the new route was never applied");
        Assert.True(mesh.Manager.Current.Version > version);
        Assert.False(mesh.Manager.LastReloadFailed);
    }

    [Fact]
    public async Task ChangingTheWeights_AppliesLive()
    {
        using var directory = new TempDirectory();
        await using var mesh = Watch(directory, Weighted(100, 0));
        Assert.Equal(20, (await mesh.CountBackendsAsync(Url, 20))["reviews-v1"]);

        directory.Write("reviews.yaml", Weighted(0, 100));
        Assert.True(await Poll.UntilAsync(() => RoutesOnlyToAsync(mesh, "reviews-v2", 1), ReloadWait), "the new weights were never applied");
        Assert.Equal(20, (await mesh.CountBackendsAsync(Url, 20))["reviews-v2"]);

        directory.Write("reviews.yaml", Weighted(50, 50));
        Assert.True(
            await Poll.UntilAsync(async () => (await mesh.CountBackendsAsync(Url, 20)).Count == 2, ReloadWait),
            "the 50/50 split was never applied");
    }

    [Fact]
    public async Task UnderConcurrentLoad_NoRequestFailsWhileTheFileIsRewritten()
    {
        using var directory = new TempDirectory();
        await using var mesh = Watch(directory, RouteTo("v1"));
        Assert.True(await RoutesOnlyToAsync(mesh, "reviews-v1", 1));

        var failures = new ConcurrentQueue<string>();
        var seen = new ConcurrentDictionary<string, int>();
        var total = 0;
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await mesh.GetAsync(Url);
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"{(int)response.StatusCode} {body}");
                        continue;
                    }

                    seen.AddOrUpdate(BackendAnswer.Parse(body).Backend, 1, (_, n) => n + 1);
                    Interlocked.Increment(ref total);
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException or ObjectDisposedException or InvalidOperationException)
                {
                    failures.Enqueue(exception.ToString());
                }
            }
        })).ToArray();

        string[] sequence = ["v2", "v3", "v1", "v2", "v3", "v1", "v2"];
        foreach (var subset in sequence)
        {
            await Task.Delay(280);
            var edit = subset == "v3" ? Weighted(30, 70) : RouteTo(subset);
            directory.Write("reviews.yaml", edit);
        }

        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(load).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(failures.IsEmpty, $"{failures.Count} failed requests, first: {failures.FirstOrDefault()}");
        Assert.True(total > 100, $"only {total} requests completed");
        Assert.True(seen.Count >= 2, "no reload was observed under load: " + string.Join(", ", seen.Keys));
        Assert.True(await Poll.UntilAsync(() => RoutesOnlyToAsync(mesh, "reviews-v2", 1), ReloadWait));
    }

    [Fact]
    public async Task ManyReloadsUnderLoad_RetiringClustersNeverFailsARequest()
    {
        // Each reload drops the cluster the previous configuration used, so its runtime state is retired while
        // requests that read the previous snapshot may still be entering it.
        using var directory = new TempDirectory();
        await using var mesh = Watch(directory, RouteTo("v1"));
        Assert.True(await RoutesOnlyToAsync(mesh, "reviews-v1", 1));

        var failures = new ConcurrentQueue<string>();
        var total = 0;
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await mesh.GetAsync(Url);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }

                    Interlocked.Increment(ref total);
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException or ObjectDisposedException or InvalidOperationException)
                {
                    failures.Enqueue(exception.ToString());
                }
            }
        })).ToArray();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        for (var i = 0; DateTime.UtcNow < deadline; i++)
        {
            directory.Write("reviews.yaml", RouteTo(i % 2 == 0 ? "v2" : "v1"));
            Assert.True(mesh.Manager.Reload());
            await Task.Delay(5);
        }

        await stop.CancelAsync();
        await Task.WhenAll(load).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(failures.IsEmpty, $"{failures.Count} of {total} requests failed, first: {failures.FirstOrDefault()}");
        Assert.True(total > 100, $"only {total} requests completed");
    }

    [Fact]
    public async Task InvalidYaml_KeepsTheLastGoodSnapshot_AndReportsFileAndLine()
    {
        using var directory = new TempDirectory();
        await using var mesh = Watch(directory, RouteTo("v2"));
        Assert.True(await RoutesOnlyToAsync(mesh, "reviews-v2"));
        var version = mesh.Manager.Current.Version;

        var path = directory.Write("reviews.yaml", RouteTo("v3").Replace("hosts: [reviews]", "hosts: [reviews", StringComparison.Ordinal));
        Assert.True(await Poll.UntilAsync(() => mesh.Manager.LastReloadFailed, ReloadWait), "the bad edit was never seen");

        Assert.True(await RoutesOnlyToAsync(mesh, "reviews-v2"));
        Assert.Equal(version, mesh.Manager.Current.Version);
        var error = mesh.Manager.LastDiagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
        Assert.NotNull(error.Location);
        Assert.Equal(Path.GetFullPath(path), Path.GetFullPath(error.Location.File));
        Assert.InRange(error.Location.Line, 5, 9);
        Assert.Contains($"reviews.yaml:{error.Location.Line}:", error.ToString(), StringComparison.Ordinal);

        // Fixing the file applies it.
        directory.Write("reviews.yaml", RouteTo("v3"));
        Assert.True(await Poll.UntilAsync(() => RoutesOnlyToAsync(mesh, "reviews-v3", 1), ReloadWait));
        Assert.False(mesh.Manager.LastReloadFailed);
    }

    [Fact]
    public async Task EditFailingValidation_KeepsTheLastGoodSnapshot_AndReportsFileAndLine()
    {
        using var directory = new TempDirectory();
        await using var mesh = Watch(directory, Weighted(100, 0));
        Assert.True(await RoutesOnlyToAsync(mesh, "reviews-v1"));

        // All weights 0 and a negative weight: Istio's validation rejects both.
        var bad = Weighted(0, -5);
        directory.Write("reviews.yaml", bad);
        Assert.True(await Poll.UntilAsync(() => mesh.Manager.LastReloadFailed, ReloadWait), "the bad edit was never seen");

        Assert.True(await RoutesOnlyToAsync(mesh, "reviews-v1"));
        var errors = mesh.Manager.LastDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, error =>
        {
            Assert.NotNull(error.Location);
            Assert.EndsWith("reviews.yaml", error.Location.File, StringComparison.Ordinal);
            Assert.InRange(error.Location.Line, 1, bad.Split('\n').Length);
        });
        Assert.Contains(errors, error => error.Location!.Line == 11);
    }

    [Fact]
    public async Task ARegistryChange_AddsTheNewEndpoint()
    {
        using var directory = new TempDirectory();
        directory.Write("registry.yaml", MeshYaml.ServiceEntry("reviews", 9080, (backends["reviews-v1"], "version: v1")));
        await using var mesh = MeshHarness.Create(m => m.AddYamlFile(directory.Path, reloadOnChange: true));
        Assert.True(await RoutesOnlyToAsync(mesh, "reviews-v1"));

        directory.Write("registry.yaml", backends.Registry);
        Assert.True(
            await Poll.UntilAsync(async () => (await mesh.CountBackendsAsync(Url, 30)).Count == 3, ReloadWait),
            "the new endpoints never received traffic");
    }

    [Fact]
    public async Task ADeletedFile_RemovesItsResources()
    {
        using var directory = new TempDirectory();
        await using var mesh = Watch(directory, RouteTo("v3"));
        Assert.True(await RoutesOnlyToAsync(mesh, "reviews-v3"));

        // Without its VirtualService the service falls back to the default route over every endpoint.
        File.Delete(directory.File("reviews.yaml"));
        Assert.True(
            await Poll.UntilAsync(async () => (await mesh.CountBackendsAsync(Url, 20)).Count == 3, ReloadWait),
            "the default route was never applied");
    }
}
