using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>
/// <c>/stats/prometheus</c> of a real sidecar process, scraped with curl and read as Prometheus reads it: Istio's
/// metric names, types and labels, one count per request sent, and MeshLib's and Envoy's own series.
/// </summary>
public sealed class SidecarPrometheusTests : IAsyncLifetime
{
    /// <summary>Istio's (Envoy's) default histogram boundaries for durations, in milliseconds.</summary>
    private static readonly string[] DurationBuckets =
        ["0.5", "1", "5", "10", "25", "50", "100", "250", "500", "1000", "2500", "5000", "10000", "30000", "60000", "300000", "600000", "1800000", "3600000", "+Inf"];

    private static readonly string[] IstioLabels =
    [
        "reporter", "source_workload", "source_workload_namespace", "source_app", "source_version",
        "destination_service", "destination_service_name", "destination_service_namespace", "destination_workload",
        "destination_workload_namespace", "destination_app", "destination_version",
        "request_protocol", "response_code", "response_flags", "grpc_response_status",
    ];

    private TelemetryMesh _mesh = null!;
    private SidecarProcess _sidecar = null!;

    public async Task InitializeAsync()
    {
        _mesh = await TelemetryMesh.StartAsync();
        _sidecar = await SidecarProcess.StartAsync("--config", _mesh.Directory);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _mesh.DisposeAsync();
    }

    [Fact]
    public async Task Scrape_HasIstioMetrics_CountingEveryOutcome()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await Send("http://reviews:9080/reviews/0")).Status);
        }

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(500, (await Send("http://reviews:9080/fault")).Status);
            Assert.Equal(404, (await Send("http://ratings:9080/ratings/0")).Status);
        }

        Assert.Equal(504, (await Send("http://reviews:9080/timeout")).Status);
        Assert.Equal(200, (await Send("http://reviews:9080/retry")).Status);

        // Hold one request in the one-request pool, so that a second overflows.
        var held = Send("http://reviews:9080/limited/1");
        await _mesh.LimitedArrived.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(503, (await Send("http://reviews:9080/limited/2")).Status);
        _mesh.ReleaseLimited();
        Assert.Equal(200, (await held).Status);

        const int sent = 11;
        // The held request's slot is released when its response body is done, which may be just after curl returns.
        var scrape = await ScrapeUntilAsync(s => s.Series("istio_requests_total").Sum(r => r.Value) >= sent
            && s.Value("meshlib_active_requests", ("cluster", TelemetryMesh.LimitedCluster)) == 0);

        Assert.Equal("counter", scrape.Types["istio_requests_total"]);
        Assert.Equal("histogram", scrape.Types["istio_request_duration_milliseconds"]);
        Assert.Equal("histogram", scrape.Types["istio_request_bytes"]);
        Assert.Equal("histogram", scrape.Types["istio_response_bytes"]);
        Assert.DoesNotContain(scrape.Types.Keys, name => name.EndsWith("_total_total", StringComparison.Ordinal) || name.Contains("otel", StringComparison.Ordinal));

        var requests = scrape.Series("istio_requests_total").ToList();
        Assert.Equal(sent, requests.Sum(r => r.Value));
        foreach (var series in requests)
        {
            Assert.All(IstioLabels, label => Assert.True(series.Labels.ContainsKey(label), $"{label} missing from {series}"));
            Assert.Equal("source", series.Label("reporter"));
            Assert.Equal("http", series.Label("request_protocol"));
            Assert.Equal("unknown", series.Label("source_workload"));

            // No route means no cluster, hence no destination namespace, as for Envoy's NR.
            Assert.Equal(series.Label("response_flags") == "NR" ? "unknown" : "default", series.Label("destination_service_namespace"));
        }

        Assert.Equal(3, Count(scrape, "reviews", "200", "-", "v2"));
        Assert.Equal(2, Count(scrape, "reviews", "200", "-", "v1"));
        Assert.Equal(2, Count(scrape, "reviews", "500", "FI"));
        Assert.Equal(2, Count(scrape, "ratings", "404", "NR"));
        Assert.Equal(1, Count(scrape, "reviews", "504", "UT", "v1"));
        Assert.Equal(1, Count(scrape, "reviews", "503", "UO"));
        var noRoute = Assert.Single(requests, r => r.Label("response_flags") == "NR");
        Assert.Equal("ratings.default.svc.cluster.local", noRoute.Label("destination_service"));

        // Each request series has its histograms, with the same labels and count.
        foreach (var series in requests)
        {
            foreach (var histogram in new[] { "istio_request_duration_milliseconds", "istio_request_bytes", "istio_response_bytes" })
            {
                Assert.Equal(series.Value, Matching(scrape, histogram + "_count", series).Value);
                var buckets = scrape.Series(histogram + "_bucket").Where(b => SameLabels(b, series, except: "le")).ToList();
                Assert.Equal(series.Value, Assert.Single(buckets, b => b.Label("le") == "+Inf").Value);
                for (var i = 1; i < buckets.Count; i++)
                {
                    Assert.True(buckets[i].Value >= buckets[i - 1].Value, $"buckets of {histogram} are not cumulative: {buckets[i - 1]} then {buckets[i]}");
                }

                if (histogram == "istio_request_duration_milliseconds")
                {
                    Assert.Equal(DurationBuckets, buckets.Select(b => b.Label("le")));
                }
            }
        }

        var timedOut = Assert.Single(requests, r => r.Label("response_flags") == "UT");
        Assert.InRange(Matching(scrape, "istio_request_duration_milliseconds_sum", timedOut).Value, 150, 4000);
        var aborted = Assert.Single(requests, r => r.Label("response_flags") == "FI");
        Assert.True(Matching(scrape, "istio_response_bytes_sum", aborted).Value > 0, "the abort's body has a Content-Length");

        // MeshLib's own metrics, and Envoy's cluster stats under Envoy's names.
        Assert.Equal("counter", scrape.Types["meshlib_retries_total"]);
        Assert.Equal(1, scrape.Value("meshlib_retries_total", ("cluster", TelemetryMesh.V1Cluster)));
        Assert.Equal("gauge", scrape.Types["meshlib_active_requests"]);
        Assert.Equal(0, scrape.Value("meshlib_active_requests", ("cluster", TelemetryMesh.LimitedCluster)));
        Assert.Equal("gauge", scrape.Types["meshlib_pending_requests"]);
        Assert.Contains(scrape.Series("meshlib_pending_requests"), s => s.Label("cluster") == TelemetryMesh.LimitedCluster);
        Assert.Equal("counter", scrape.Types["meshlib_config_reloads_total"]);
        Assert.Equal(1, scrape.Value("meshlib_config_reloads_total", ("result", "ok")));
        Assert.Equal(1, scrape.Value("meshlib_config_version"));
        Assert.Equal(0, scrape.Value("meshlib_config_last_reload_failed"));
        Assert.Equal("counter", scrape.Types["envoy_cluster_upstream_rq_pending_overflow"]);
        Assert.Equal(1, scrape.Value("envoy_cluster_upstream_rq_pending_overflow", ("cluster_name", TelemetryMesh.LimitedCluster)));
        Assert.Equal(1, scrape.Value("envoy_cluster_membership_total", ("cluster_name", TelemetryMesh.V1Cluster)));
        Assert.Equal(1, scrape.Value("envoy_cluster_membership_healthy", ("cluster_name", TelemetryMesh.V1Cluster)));
        Assert.Equal(0, scrape.Value("envoy_cluster_outlier_detection_ejections_active", ("cluster_name", TelemetryMesh.V1Cluster)));

        // Without an OTLP endpoint nothing is exported.
        Assert.DoesNotContain("OTLP", _sidecar.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_IsServedOnTheAdminListenerOnly()
    {
        var admin = await HttpTools.CurlAsync("-D", "-", $"http://127.0.0.1:{_sidecar.AdminPort}/stats/prometheus");
        Assert.Equal(200, admin.Status);
        Assert.Contains("Content-Type: text/plain; version=0.0.4", admin.Body, StringComparison.OrdinalIgnoreCase);
        var post = await HttpTools.CurlAsync("-X", "POST", $"http://127.0.0.1:{_sidecar.AdminPort}/stats/prometheus");
        Assert.Equal(405, post.Status);

        // The same path through the outbound port is a request like any other: routed to reviews' default, v2.
        var proxied = await Send("http://reviews:9080/stats/prometheus");
        Assert.Equal(200, proxied.Status);
        Assert.Contains("\"backend\":\"reviews-v2\"", proxied.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("# TYPE", proxied.Body, StringComparison.Ordinal);

        var originForm = await HttpTools.CurlAsync("-H", "Host: reviews:9080", $"http://127.0.0.1:{_sidecar.OutboundPort}/stats/prometheus");
        Assert.Equal(200, originForm.Status);
        Assert.Contains("\"backend\":\"reviews-v2\"", originForm.Body, StringComparison.Ordinal);

        var scrape = await ScrapeUntilAsync(s => s.Series("istio_requests_total").Sum(r => r.Value) >= 2);
        Assert.Equal(2, Count(scrape, "reviews", "200", "-", "v2"));
    }

    private Task<ToolHttpResponse> Send(string url) => HttpTools.CurlViaProxyAsync(_sidecar.OutboundPort, url);

    /// <summary>Scrapes with curl until <paramref name="done"/> holds (the last response may be recorded just after curl returns).</summary>
    private async Task<PrometheusText> ScrapeUntilAsync(Func<PrometheusText, bool> done)
    {
        PrometheusText? scrape = null;
        var complete = await Poll.UntilAsync(
            async () =>
            {
                var response = await HttpTools.CurlAsync($"http://127.0.0.1:{_sidecar.AdminPort}/stats/prometheus");
                Assert.Equal(200, response.Status);
                scrape = PrometheusText.Parse(response.Body);
                return done(scrape);
            },
            TimeSpan.FromSeconds(10),
            delayMilliseconds: 100);
        Assert.True(complete, "the scrape never showed every request:\n" + string.Join('\n', scrape?.Series("istio_requests_total") ?? []));
        return scrape!;
    }

    private static double Count(PrometheusText scrape, string service, string code, string flags, string? version = null) =>
        scrape.Series("istio_requests_total")
            .Where(s => s.Label("destination_service_name") == service && s.Label("response_code") == code && s.Label("response_flags") == flags
                && (version is null || s.Label("destination_version") == version))
            .Sum(s => s.Value);

    private static PrometheusSample Matching(PrometheusText scrape, string name, PrometheusSample series) =>
        Assert.Single(scrape.Series(name), s => SameLabels(s, series, except: null));

    private static bool SameLabels(PrometheusSample sample, PrometheusSample series, string? except) =>
        sample.Labels.Count - (except is not null && sample.Labels.ContainsKey(except) ? 1 : 0) == series.Labels.Count
        && series.Labels.All(l => sample.Labels.TryGetValue(l.Key, out var v) && v == l.Value);
}
