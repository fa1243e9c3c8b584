using System.Net;
using MeshLib.Telemetry;
using Microsoft.AspNetCore.Http;

namespace MeshLib.FunctionalTests.Telemetry;

public sealed class MeshMetricsTests
{
    [Fact]
    public async Task Ok_ReportsIstioLabels_WithTheSubsetVersion()
    {
        await using var mesh = await TelemetryFixture.StartAsync();
        mesh.V2.Handler = async context =>
        {
            context.Response.ContentLength = 5;
            await context.Response.WriteAsync("hello");
            return true;
        };

        using var content = new StringContent("abc");
        using var response = await mesh.Client.PostAsync("http://reviews:9080/reviews/0", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var labels = Assert.Single(mesh.Requests());
        Assert.Equal("source", labels[MeshTelemetryTags.Reporter]);
        Assert.Equal("productpage-v1", labels[MeshTelemetryTags.SourceWorkload]);
        Assert.Equal("default", labels[MeshTelemetryTags.SourceWorkloadNamespace]);
        Assert.Equal("productpage", labels[MeshTelemetryTags.SourceApp]);
        Assert.Equal("v1", labels[MeshTelemetryTags.SourceVersion]);
        Assert.Equal("reviews.default.svc.cluster.local", labels[MeshTelemetryTags.DestinationService]);
        Assert.Equal("reviews", labels[MeshTelemetryTags.DestinationServiceName]);
        Assert.Equal("default", labels[MeshTelemetryTags.DestinationServiceNamespace]);
        Assert.Equal("reviews", labels[MeshTelemetryTags.DestinationWorkload]);
        Assert.Equal("reviews", labels[MeshTelemetryTags.DestinationApp]);
        Assert.Equal("v2", labels[MeshTelemetryTags.DestinationVersion]);
        Assert.Equal("http", labels[MeshTelemetryTags.RequestProtocol]);
        Assert.Equal("200", labels[MeshTelemetryTags.ResponseCode]);
        Assert.Equal("-", labels[MeshTelemetryTags.ResponseFlags]);
        Assert.Equal(string.Empty, labels[MeshTelemetryTags.GrpcResponseStatus]);
        Assert.DoesNotContain(labels.Values, v => v is not null && v.Contains("/reviews/0", StringComparison.Ordinal));

        Assert.Equal(1, mesh.Measurements.Count(m => m.Instrument == MeshTelemetry.RequestDuration));
        Assert.Equal(1, mesh.Measurements.Count(m => m.Instrument == MeshTelemetry.RequestBytes));
        Assert.Equal(5, mesh.Sum(MeshTelemetry.ResponseBytes));
        Assert.Equal(3, mesh.Sum(MeshTelemetry.RequestBytes));
        Assert.Equal(0, mesh.Sum(MeshTelemetry.ActiveRequests));
        Assert.Equal(1, mesh.Sum(MeshTelemetry.ConfigReloadsTotal, MeshTelemetryTags.Result, "ok"));
    }

    [Fact]
    public async Task FaultAbort_IsFI500()
    {
        await using var mesh = await TelemetryFixture.StartAsync();

        using var response = await mesh.Client.GetAsync("http://reviews:9080/fault");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var labels = Assert.Single(mesh.Requests());
        Assert.Equal("500", labels[MeshTelemetryTags.ResponseCode]);
        Assert.Equal("FI", labels[MeshTelemetryTags.ResponseFlags]);
        Assert.Equal("reviews", labels[MeshTelemetryTags.DestinationServiceName]);
        Assert.Equal("unknown", labels[MeshTelemetryTags.DestinationVersion]);
        Assert.Empty(mesh.V1.Received);
    }

    [Fact]
    public async Task RouteTimeout_IsUT504()
    {
        await using var mesh = await TelemetryFixture.StartAsync();
        mesh.V1.Handler = async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return false;
        };

        using var response = await mesh.Client.GetAsync("http://reviews:9080/timeout");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var labels = Assert.Single(mesh.Requests());
        Assert.Equal("504", labels[MeshTelemetryTags.ResponseCode]);
        Assert.Equal("UT", labels[MeshTelemetryTags.ResponseFlags]);
        Assert.Equal("v1", labels[MeshTelemetryTags.DestinationVersion]);
        Assert.InRange(mesh.Sum(MeshTelemetry.RequestDuration), 150, 4000);
    }

    [Fact]
    public async Task Overflow_IsUO503_AndActiveRequestsCountTheHeldRequest()
    {
        await using var mesh = await TelemetryFixture.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        mesh.V1.Handler = async _ =>
        {
            arrived.TrySetResult();
            await release.Task;
            return false;
        };

        var held = mesh.Client.GetAsync("http://reviews:9080/limited/1");
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, mesh.Sum(MeshTelemetry.ActiveRequests, MeshTelemetryTags.Cluster, "outbound|9080|limited|reviews.default.svc.cluster.local"));
        using var overflow = await mesh.Client.GetAsync("http://reviews:9080/limited/2");
        release.SetResult();
        using var first = await held;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, overflow.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var requests = mesh.Requests();
        Assert.Equal(2, requests.Count);
        var overflowed = Assert.Single(requests, r => r[MeshTelemetryTags.ResponseFlags] == "UO");
        Assert.Equal("503", overflowed[MeshTelemetryTags.ResponseCode]);
        Assert.Single(requests, r => r[MeshTelemetryTags.ResponseFlags] == "-" && r[MeshTelemetryTags.ResponseCode] == "200");
        Assert.Equal(0, mesh.Sum(MeshTelemetry.ActiveRequests));
    }

    [Fact]
    public async Task EmptySubset_IsUH503()
    {
        await using var mesh = await TelemetryFixture.StartAsync();

        using var response = await mesh.Client.GetAsync("http://reviews:9080/empty");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var labels = Assert.Single(mesh.Requests());
        Assert.Equal("503", labels[MeshTelemetryTags.ResponseCode]);
        Assert.Equal("UH", labels[MeshTelemetryTags.ResponseFlags]);
        Assert.Equal("reviews.default.svc.cluster.local", labels[MeshTelemetryTags.DestinationService]);
    }

    [Fact]
    public async Task NoRoute_IsNR404()
    {
        await using var mesh = await TelemetryFixture.StartAsync();

        using var response = await mesh.Client.GetAsync("http://reviews:9080/nothing-matches");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var labels = Assert.Single(mesh.Requests());
        Assert.Equal("404", labels[MeshTelemetryTags.ResponseCode]);
        Assert.Equal("NR", labels[MeshTelemetryTags.ResponseFlags]);
        Assert.Equal("reviews", labels[MeshTelemetryTags.DestinationServiceName]);
        Assert.Equal("unknown", labels[MeshTelemetryTags.DestinationWorkload]);
    }

    [Fact]
    public async Task Retry_CountsRetriesPerCluster()
    {
        await using var mesh = await TelemetryFixture.StartAsync();
        var calls = 0;
        mesh.V1.Handler = async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("busy");
                return true;
            }

            return false;
        };

        using var response = await mesh.Client.GetAsync("http://reviews:9080/retry");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, mesh.Sum(MeshTelemetry.RetriesTotal, MeshTelemetryTags.Cluster, "outbound|9080|v1|reviews.default.svc.cluster.local"));
        Assert.Equal("200", Assert.Single(mesh.Requests())[MeshTelemetryTags.ResponseCode]);
    }

    [Fact]
    public async Task PendingRequests_IsObservedPerCluster()
    {
        await using var mesh = await TelemetryFixture.StartAsync();
        using var response = await mesh.Client.GetAsync("http://reviews:9080/reviews/0");

        mesh.RecordObservables();

        Assert.Contains(mesh.Measurements, m => m.Instrument == MeshTelemetry.PendingRequests
            && m.Tags[MeshTelemetryTags.Cluster] == "outbound|9080|v2|reviews.default.svc.cluster.local" && m.Value == 0);
    }
}
