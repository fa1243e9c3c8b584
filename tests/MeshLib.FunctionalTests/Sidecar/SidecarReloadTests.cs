using System.Diagnostics;
using System.Text.Json;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>Live reloads of the sidecar's watched files while python3 clients keep sending requests through it.</summary>
public sealed class SidecarReloadTests
{
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(30);

    // Threads of urllib clients through the proxy until the stop file appears (or 60 s pass); prints status and
    // backend counts as JSON. A transport error counts as status 0.
    private const string LoadClient = """
        import json, os, sys, threading, time, urllib.request, urllib.error
        proxy, url, stop, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
        statuses, backends, lock = {}, {}, threading.Lock()
        def run():
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({'http': proxy}))
            deadline = time.time() + 60
            while not os.path.exists(stop) and time.time() < deadline:
                backend = None
                try:
                    with opener.open(url, timeout=30) as r:
                        status, backend = r.status, json.loads(r.read())['backend']
                except urllib.error.HTTPError as e:
                    status = e.code
                except Exception:
                    status = 0
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                    if backend:
                        backends[backend] = backends.get(backend, 0) + 1
        workers = [threading.Thread(target=run) for _ in range(threads)]
        for w in workers: w.start()
        for w in workers: w.join()
        print(json.dumps({'statuses': statuses, 'backends': backends}))
        """;

    [Fact]
    public async Task ReloadsUnderLoad_SwitchSubsets_WithoutAFailedRequest()
    {
        await using var mesh = await BookinfoMesh.StartAsync();
        await using var sidecar = await SidecarProcess.StartAsync("--config", mesh.Directory);
        var stop = Path.Combine(mesh.Directory, "stop-load");
        var load = ToolRun.RunAsync(
            "python3",
            ["-c", LoadClient, $"http://127.0.0.1:{sidecar.OutboundPort}", "http://reviews:9080/reviews/0", stop, "4"],
            TimeSpan.FromSeconds(90));

        // Five applied changes while the clients run, each moving all traffic to another subset; the next change
        // waits until the subset has served requests under the new configuration.
        await WaitForTrafficAsync(mesh.Reviews[2], 0);
        var version = await VersionAsync(sidecar);
        foreach (var subset in new[] { 1, 2, 3, 1, 2 })
        {
            var backend = mesh.Reviews[subset - 1];
            await BookinfoMesh.ReplaceFileAsync(mesh.ReviewsVirtualServicePath, BookinfoMesh.ReviewsAllTo($"v{subset}"));
            var previous = version;
            using (var dump = await sidecar.WaitForAdminJsonAsync("/config_dump", r => r.GetProperty("version").GetInt64() != previous, ReloadTimeout))
            {
                version = dump.RootElement.GetProperty("version").GetInt64();
            }

            await WaitForTrafficAsync(backend, backend.Received.Count);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await File.WriteAllTextAsync(stop, "stop");
        var result = await load;
        Assert.True(result.ExitCode == 0, result.StandardError);

        using var counts = JsonDocument.Parse(result.StandardOutput);
        var statuses = counts.RootElement.GetProperty("statuses").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        var backends = counts.RootElement.GetProperty("backends").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(["200"], statuses.Keys);
        Assert.True(statuses["200"] >= 20, $"only {statuses["200"]} requests ran during the reloads");
        Assert.Equal(["reviews-v1", "reviews-v2", "reviews-v3"], backends.Order());
        Assert.DoesNotContain("fail", sidecar.Output, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task WaitForTrafficAsync(TestBackend backend, int seen)
    {
        var waited = Stopwatch.StartNew();
        while (backend.Received.Count < seen + 5)
        {
            Assert.True(waited.Elapsed < ReloadTimeout, $"{backend.Name} got no traffic");
            await Task.Delay(20);
        }
    }

    private static async Task<long> VersionAsync(SidecarProcess sidecar)
    {
        using var dump = await sidecar.AdminJsonAsync("/config_dump");
        return dump.RootElement.GetProperty("version").GetInt64();
    }
}
