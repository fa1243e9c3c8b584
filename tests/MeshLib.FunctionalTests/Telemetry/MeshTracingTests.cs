using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using MeshLib.Telemetry;

namespace MeshLib.FunctionalTests.Telemetry;

public sealed class MeshTracingTests
{
    private static readonly ActivitySource TestSource = new("MeshLib.FunctionalTests.Telemetry");

    [Fact]
    public async Task SampledRequest_HasRequestAndAttemptSpans_AndB3HeadersReachTheBackend()
    {
        await using var mesh = await TelemetryFixture.StartAsync();
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is MeshTelemetry.ActivitySourceName or "MeshLib.FunctionalTests.Telemetry",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        ActivityTraceId traceId;
        using (var root = TestSource.StartActivity("test"))
        {
            traceId = root!.TraceId;
            using var response = await mesh.Client.GetAsync("http://reviews:9080/reviews/0");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var spans = stopped.Where(a => a.TraceId == traceId).ToList();
        var request = Assert.Single(spans, a => a.OperationName == MeshTelemetry.RequestActivityName);
        var attempt = Assert.Single(spans, a => a.OperationName == MeshTelemetry.AttemptActivityName);
        Assert.Equal(ActivityKind.Client, request.Kind);
        Assert.Equal("reviews-v2", request.GetTagItem(MeshTelemetryTags.Route));
        Assert.Equal("VirtualService/default/reviews", request.GetTagItem(MeshTelemetryTags.VirtualService));
        Assert.Equal("outbound|9080|v2|reviews.default.svc.cluster.local", request.GetTagItem(MeshTelemetryTags.SpanCluster));
        Assert.Equal(200, request.GetTagItem(MeshTelemetryTags.HttpResponseStatusCode));
        Assert.Equal("-", request.GetTagItem(MeshTelemetryTags.SpanResponseFlags));
        Assert.Equal(request.SpanId, attempt.ParentSpanId);
        Assert.Equal($"127.0.0.1:{mesh.V2.Port}", attempt.GetTagItem(MeshTelemetryTags.Endpoint));
        Assert.Equal(1, attempt.GetTagItem(MeshTelemetryTags.AttemptNumber));

        var headers = Assert.Single(mesh.V2.Received).Headers;
        Assert.Equal(traceId.ToHexString(), headers["x-b3-traceid"]);
        Assert.Equal(attempt.SpanId.ToHexString(), headers["x-b3-spanid"]);
        Assert.Equal(request.SpanId.ToHexString(), headers["x-b3-parentspanid"]);
        Assert.Equal("1", headers["x-b3-sampled"]);
        Assert.Contains(traceId.ToHexString(), headers["traceparent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FaultAndRetry_AreEventsOnTheRequestSpan()
    {
        await using var mesh = await TelemetryFixture.StartAsync();
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is MeshTelemetry.ActivitySourceName or "MeshLib.FunctionalTests.Telemetry",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var calls = 0;
        mesh.V1.Handler = context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 503;
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        };

        ActivityTraceId traceId;
        using (var root = TestSource.StartActivity("test"))
        {
            traceId = root!.TraceId;
            using var fault = await mesh.Client.GetAsync("http://reviews:9080/fault");
            using var retried = await mesh.Client.GetAsync("http://reviews:9080/retry");
        }

        var requests = stopped.Where(a => a.TraceId == traceId && a.OperationName == MeshTelemetry.RequestActivityName).ToList();
        var faulted = Assert.Single(requests, a => (string?)a.GetTagItem(MeshTelemetryTags.Route) == "fault");
        Assert.Equal("FI", faulted.GetTagItem(MeshTelemetryTags.SpanResponseFlags));
        Assert.Equal(ActivityStatusCode.Error, faulted.Status);
        Assert.Contains(faulted.Events, e => e.Name == MeshTelemetry.FaultInjectedEventName);
        var retry = Assert.Single(requests, a => (string?)a.GetTagItem(MeshTelemetryTags.Route) == "retry");
        Assert.Contains(retry.Events, e => e.Name == MeshTelemetry.RetryEventName);
        Assert.Equal(2, stopped.Count(a => a.TraceId == traceId && a.OperationName == MeshTelemetry.AttemptActivityName && a.ParentSpanId == retry.SpanId));
        var received = mesh.V1.Received.ToArray();
        Assert.Equal(2, received.Length);
        Assert.NotEqual(received[0].Headers["x-b3-spanid"], received[1].Headers["x-b3-spanid"]);
    }
}
