namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>The workload the sidecar stands for: its labels select sourceLabels routes and name the metrics' source.</summary>
public sealed class SidecarWorkloadTests
{
    private const string SourceLabelsRoute = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - match:
            - sourceLabels:
                app: productpage
            route:
            - destination:
                host: reviews
                subset: v1
          - route:
            - destination:
                host: reviews
                subset: v3
        """;

    [Fact]
    public async Task Labels_SelectSourceLabelsRoutes_AndNameTheSourceOnIstioMetrics()
    {
        await using var mesh = await BookinfoMesh.StartAsync();
        await BookinfoMesh.ReplaceFileAsync(mesh.ReviewsVirtualServicePath, SourceLabelsRoute);
        await using var productpage = await SidecarProcess.StartAsync(
            "--config", mesh.Directory, "--workload", "productpage-v1", "--label", "app=productpage", "--label", "version=v1");
        await using var anonymous = await SidecarProcess.StartAsync("--config", mesh.Directory);

        var fromProductpage = await HttpTools.CurlViaProxyAsync(productpage.OutboundPort, "http://reviews:9080/reviews/0");
        var fromElsewhere = await HttpTools.CurlViaProxyAsync(anonymous.OutboundPort, "http://reviews:9080/reviews/0");

        Assert.Contains("reviews-v1", fromProductpage.Body, StringComparison.Ordinal);
        Assert.Contains("reviews-v3", fromElsewhere.Body, StringComparison.Ordinal);
        var metrics = await (await productpage.AdminGetAsync("/stats/prometheus")).Content.ReadAsStringAsync();
        var requests = metrics.Split('\n').Single(line => line.StartsWith("istio_requests_total{", StringComparison.Ordinal));
        Assert.Contains("source_workload=\"productpage-v1\"", requests, StringComparison.Ordinal);
        Assert.Contains("source_app=\"productpage\"", requests, StringComparison.Ordinal);
        Assert.Contains("source_version=\"v1\"", requests, StringComparison.Ordinal);
        Assert.Contains("destination_version=\"v1\"", requests, StringComparison.Ordinal);
    }
}
