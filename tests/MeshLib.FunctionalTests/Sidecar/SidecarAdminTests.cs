using System.Net;
using System.Text.Json;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>The admin listener and live reloads of watched configuration files.</summary>
public sealed class SidecarAdminTests : IAsyncLifetime
{
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private BookinfoMesh _mesh = null!;
    private SidecarProcess _sidecar = null!;
    private string _extraFile = null!;

    public async Task InitializeAsync()
    {
        _mesh = await BookinfoMesh.StartAsync();

        // A second --config naming a single file, beside the directory.
        _extraFile = Path.Combine(Path.GetTempPath(), $"meshlib-sidecar-extra-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(_extraFile, """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: details
            spec:
              hosts: [details]
              location: MESH_INTERNAL
              resolution: STATIC
              ports:
              - {number: 9080, name: http, protocol: HTTP}
              endpoints:
              - {address: 127.0.0.1}
            """);
        _sidecar = await SidecarProcess.StartAsync("--config", _mesh.Directory, "--config", _extraFile, "--namespace", "default");
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _mesh.DisposeAsync();
        File.Delete(_extraFile);
    }

    [Fact]
    public async Task Ready_IsLive_AndUnknownPathsAre404()
    {
        using var ready = await _sidecar.AdminGetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("LIVE", (await ready.Content.ReadAsStringAsync()).Trim());

        using var missing = await _sidecar.AdminGetAsync("/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("ready in", _sidecar.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigDump_ListsTheResourcesOfEveryConfigPath()
    {
        using var dump = await _sidecar.AdminJsonAsync("/config_dump");
        var root = dump.RootElement;
        Assert.True(root.GetProperty("version").GetInt64() >= 1);
        Assert.Equal("ok", root.GetProperty("lastReload").GetProperty("status").GetString());
        Assert.Equal(2, root.GetProperty("sources").GetArrayLength());
        var resources = root.GetProperty("resources").EnumerateArray()
            .Select(r => $"{r.GetProperty("kind").GetString()}/{r.GetProperty("metadata").GetProperty("name").GetString()}")
            .ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "ServiceEntry/reviews", "ServiceEntry/ratings", "ServiceEntry/details",
            "DestinationRule/reviews", "DestinationRule/ratings", "VirtualService/reviews", "VirtualService/ratings",
        }, resources);

        var reviews = root.GetProperty("resources").EnumerateArray().Single(r =>
            r.GetProperty("kind").GetString() == "VirtualService" && r.GetProperty("metadata").GetProperty("name").GetString() == "reviews");
        var match = reviews.GetProperty("spec").GetProperty("http")[0].GetProperty("match")[0];
        Assert.Equal("jason", match.GetProperty("headers").GetProperty("end-user").GetProperty("exact").GetString());
        Assert.Equal("v2", reviews.GetProperty("spec").GetProperty("http")[0].GetProperty("route")[0].GetProperty("destination").GetProperty("subset").GetString());
        Assert.EndsWith("virtual-service-reviews.yaml:1:1", reviews.GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditingAWatchedFile_AppliesANewVersion_AndAnInvalidEditKeepsTheLastGood()
    {
        long initial;
        using (var dump = await _sidecar.AdminJsonAsync("/config_dump"))
        {
            initial = dump.RootElement.GetProperty("version").GetInt64();
        }

        Assert.Equal("reviews-v3", (await ReviewsBackendAsync()));

        // A valid change: everyone to v1.
        await BookinfoMesh.ReplaceFileAsync(_mesh.ReviewsVirtualServicePath, BookinfoMesh.ReviewsAllTo("v1"));
        long applied;
        using (var dump = await _sidecar.WaitForAdminJsonAsync("/config_dump", r => r.GetProperty("version").GetInt64() != initial, ReloadTimeout))
        {
            applied = dump.RootElement.GetProperty("version").GetInt64();
            Assert.Equal("ok", dump.RootElement.GetProperty("lastReload").GetProperty("status").GetString());
            Assert.True(dump.RootElement.GetProperty("lastReload").GetProperty("reloadsApplied").GetInt64() >= 1);
        }

        Assert.Equal("reviews-v1", await ReviewsBackendAsync());

        // An invalid change (line 9: an unknown field): rejected with file:line, the last good configuration stays.
        await BookinfoMesh.ReplaceFileAsync(_mesh.ReviewsVirtualServicePath, """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts:
              - reviews
              http:
              - rutes:
                - destination:
                    host: reviews
                    subset: v2
            """);
        using (var dump = await _sidecar.WaitForAdminJsonAsync("/config_dump", r => r.GetProperty("lastReload").GetProperty("status").GetString() == "failed", ReloadTimeout))
        {
            var root = dump.RootElement;
            Assert.Equal(applied, root.GetProperty("version").GetInt64());
            Assert.True(root.GetProperty("lastReload").GetProperty("reloadsRejected").GetInt64() >= 1);
            var errors = root.GetProperty("lastReload").GetProperty("diagnostics").EnumerateArray()
                .Where(d => d.GetProperty("severity").GetString() == "error")
                .Select(d => d.GetProperty("text").GetString()!)
                .ToList();
            Assert.Contains(errors, e => e.Contains("virtual-service-reviews.yaml:9:", StringComparison.Ordinal) && e.Contains("rutes", StringComparison.Ordinal));
        }

        Assert.Equal("reviews-v1", await ReviewsBackendAsync());
        Assert.Contains("virtual-service-reviews.yaml:9:", _sidecar.Output, StringComparison.Ordinal);

        var metrics = await (await _sidecar.AdminGetAsync("/stats/prometheus")).Content.ReadAsStringAsync();
        Assert.Equal(1, PrometheusText.Parse(metrics).Value("meshlib_config_last_reload_failed"));
        Assert.Matches(@"meshlib_config_reloads_total\{result=""failed""\} [1-9]", metrics);
    }

    [Fact]
    public async Task Clusters_ListEndpointsWithHealthAndActiveRequests()
    {
        // Use the v2 cluster once so that it has runtime state.
        var jason = await HttpTools.CurlViaProxyAsync(_sidecar.OutboundPort, "http://reviews:9080/reviews/0", "end-user: jason");
        Assert.Equal(200, jason.Status);

        using var clusters = await _sidecar.AdminJsonAsync("/clusters");
        var all = clusters.RootElement.GetProperty("clusters").EnumerateArray().ToList();
        var v2 = all.Single(c => c.GetProperty("name").GetString() == "outbound|9080|v2|reviews.default.svc.cluster.local");
        Assert.True(v2.GetProperty("inUse").GetBoolean());
        var endpoint = Assert.Single(v2.GetProperty("endpoints").EnumerateArray());
        Assert.Equal($"127.0.0.1:{_mesh.Reviews[1].Port}", endpoint.GetProperty("address").GetString());
        Assert.Equal("healthy", endpoint.GetProperty("health").GetString());
        Assert.Equal(0, endpoint.GetProperty("activeRequests").GetInt32());
        Assert.Equal("v2", endpoint.GetProperty("labels").GetProperty("version").GetString());
        Assert.Equal(0, v2.GetProperty("circuitBreakers").GetProperty("active").GetInt64());

        var v3 = all.Single(c => c.GetProperty("name").GetString() == "outbound|9080|v3|reviews.default.svc.cluster.local");
        Assert.Equal($"127.0.0.1:{_mesh.Reviews[2].Port}", Assert.Single(v3.GetProperty("endpoints").EnumerateArray()).GetProperty("address").GetString());

        var metrics = await (await _sidecar.AdminGetAsync("/stats/prometheus")).Content.ReadAsStringAsync();
        Assert.Contains("meshlib_active_requests{cluster=\"outbound|9080|v2|reviews.default.svc.cluster.local\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE envoy_cluster_upstream_rq_pending_overflow counter", metrics, StringComparison.Ordinal);
        Assert.Contains("envoy_cluster_outlier_detection_ejections_active{cluster_name=\"outbound|9080|v2|reviews.default.svc.cluster.local\"} 0", metrics, StringComparison.Ordinal);
    }

    private async Task<string> ReviewsBackendAsync()
    {
        var response = await HttpTools.CurlViaProxyAsync(_sidecar.OutboundPort, "http://reviews:9080/reviews/0");
        Assert.Equal(200, response.Status);
        return JsonSerializer.Deserialize<BackendAnswer>(response.Body, Web)!.Backend;
    }
}
