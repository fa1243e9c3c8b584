using MeshLib.Telemetry;
using Microsoft.Extensions.Logging;

namespace MeshLib.FunctionalTests.Telemetry;

public sealed class AccessLogTests
{
    [Fact]
    public async Task AccessLogOn_WritesOneEntryPerRequest_InEnvoyFields()
    {
        await using var mesh = await TelemetryFixture.StartAsync(accessLog: true);

        using var ok = await mesh.Client.GetAsync("http://reviews:9080/reviews/0?x=1");
        using var noRoute = await mesh.Client.GetAsync("http://reviews:9080/nothing");

        var entries = mesh.Logs.Entries.Where(e => e.Category == MeshTelemetry.AccessLogCategory).ToList();
        Assert.Equal(2, entries.Count);
        var first = entries[0];
        Assert.Equal(LogLevel.Information, first.Level);
        Assert.Equal(MeshTelemetry.AccessLogEventId, first.EventId.Id);
        Assert.Equal("GET", first.Fields["Method"]);
        Assert.Equal("/reviews/0?x=1", first.Fields["Path"]);
        Assert.Equal("HTTP/1.1", first.Fields["Protocol"]);
        Assert.Equal(200, first.Fields["ResponseCode"]);
        Assert.Equal("-", first.Fields["ResponseFlags"]);
        Assert.Equal($"127.0.0.1:{mesh.V2.Port}", first.Fields["UpstreamHost"]);
        Assert.Equal("outbound|9080|v2|reviews.default.svc.cluster.local", first.Fields["UpstreamCluster"]);
        Assert.Equal("reviews-v2", first.Fields["RouteName"]);
        Assert.Equal(1, first.Fields["AttemptCount"]);
        Assert.Equal("reviews:9080", first.Fields["Authority"]);
        Assert.Contains("\"GET /reviews/0?x=1 HTTP/1.1\" 200 -", first.Message, StringComparison.Ordinal);
        Assert.Matches(@"^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\]", first.Message);

        var second = entries[1];
        Assert.Equal(404, second.Fields["ResponseCode"]);
        Assert.Equal("NR", second.Fields["ResponseFlags"]);
        Assert.Equal("-", second.Fields["UpstreamHost"]);
    }

    [Fact]
    public async Task AccessLogOff_ByDefault_WritesNothing()
    {
        await using var mesh = await TelemetryFixture.StartAsync();

        using var ok = await mesh.Client.GetAsync("http://reviews:9080/reviews/0");

        Assert.DoesNotContain(mesh.Logs.Entries, e => e.Category == MeshTelemetry.AccessLogCategory);
    }
}
