using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MeshLib.FunctionalTests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>
/// OTLP export from a real sidecar process to a collector stand-in (a Kestrel server on 127.0.0.1 that accepts
/// OTLP/HTTP protobuf posts), configured by <c>--otlp-endpoint</c> or OpenTelemetry's own environment variables.
/// </summary>
public sealed class SidecarOtlpTests
{
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(30);

    /// <summary>Short export intervals (OpenTelemetry's variables, milliseconds) so that a test waits seconds, not a minute.</summary>
    private static readonly Dictionary<string, string> QuickExport = new(StringComparer.Ordinal)
    {
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
    };

    [Fact]
    public async Task OtlpEndpointOption_ExportsTracesAndMetrics()
    {
        await using var mesh = await BookinfoMesh.StartAsync();
        await using var collector = await StartCollectorAsync();
        await using var sidecar = await SidecarProcess.StartAsync(
            With(QuickExport, ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")),
            "--config", mesh.Directory, "--otlp-endpoint", $"http://127.0.0.1:{collector.Port}");

        Assert.Equal(200, (await HttpTools.CurlViaProxyAsync(sidecar.OutboundPort, "http://reviews:9080/reviews/0")).Status);

        // MeshLib's request span under the sidecar's span of the application's request, and the Istio metric, each
        // under its OTLP/HTTP path. Readiness probes and scrapes on the admin listener are not traced.
        await WaitForPostAsync(collector, "/v1/traces", "mesh.request", sidecar);
        await WaitForPostAsync(collector, "/v1/traces", "/reviews/0", sidecar);
        await WaitForPostAsync(collector, "/v1/metrics", "istio_requests_total", sidecar);
        Assert.DoesNotContain(collector.Received, r => r.PathAndQuery == "/v1/traces" && r.Body.Contains("/ready", StringComparison.Ordinal));
        Assert.All(collector.Received, r => Assert.Equal("application/x-protobuf", r.Headers["content-type"]));
        Assert.Contains($"Exporting metrics and traces with OTLP (http/protobuf) to http://127.0.0.1:{collector.Port}", sidecar.Output, StringComparison.Ordinal);

        // The Prometheus scrape is served all the same.
        var scrape = await HttpTools.CurlAsync($"http://127.0.0.1:{sidecar.AdminPort}/stats/prometheus");
        Assert.Equal(1, PrometheusText.Parse(scrape.Body).Series("istio_requests_total").Sum(s => s.Value));
    }

    [Fact]
    public async Task OtelEnvironmentEndpoint_IsUsed_AndTheCommandLineProtocolWins()
    {
        await using var mesh = await BookinfoMesh.StartAsync();
        await using var collector = await StartCollectorAsync();
        await using var sidecar = await SidecarProcess.StartAsync(
            With(QuickExport, ("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://127.0.0.1:{collector.Port}"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")),
            "--config", mesh.Directory, "--otlp-protocol", "http/protobuf");

        Assert.Equal(200, (await HttpTools.CurlViaProxyAsync(sidecar.OutboundPort, "http://reviews:9080/reviews/0")).Status);

        await WaitForPostAsync(collector, "/v1/metrics", "istio_request_duration_milliseconds", sidecar);
        await WaitForPostAsync(collector, "/v1/traces", "mesh.request", sidecar);
    }

    [Fact]
    public async Task OtlpGrpc_TheDefaultProtocol_ExportsTracesAndMetrics()
    {
        await using var mesh = await BookinfoMesh.StartAsync();
        await using var collector = await GrpcCollector.StartAsync();
        await using var sidecar = await SidecarProcess.StartAsync(QuickExport, "--config", mesh.Directory, "--otlp-endpoint", $"http://127.0.0.1:{collector.Port}");

        Assert.Equal(200, (await HttpTools.CurlViaProxyAsync(sidecar.OutboundPort, "http://reviews:9080/reviews/0")).Status);

        var arrived = await Poll.UntilAsync(
            () => collector.Has("/opentelemetry.proto.collector.trace.v1.TraceService/Export", "mesh.request")
                && collector.Has("/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", "istio_requests_total"),
            ExportWait,
            delayMilliseconds: 100);
        Assert.True(arrived, $"no gRPC export of both signals arrived; received: {string.Join(", ", collector.Paths)}\n{sidecar.Output}");
        Assert.Contains("Exporting metrics and traces with OTLP (grpc)", sidecar.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyOtelVariables_LeaveOtlpOff()
    {
        await using var mesh = await BookinfoMesh.StartAsync();
        await using var sidecar = await SidecarProcess.StartAsync(
            With(QuickExport, ("OTEL_EXPORTER_OTLP_ENDPOINT", string.Empty), ("OTEL_EXPORTER_OTLP_PROTOCOL", string.Empty)),
            "--config", mesh.Directory);

        Assert.Equal(200, (await HttpTools.CurlViaProxyAsync(sidecar.OutboundPort, "http://reviews:9080/reviews/0")).Status);
        Assert.DoesNotContain("OTLP", sidecar.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--otlp-endpoint", "collector:4317", null, "--otlp-endpoint must be an absolute http:// or https:// URL")]
    [InlineData("--otlp-protocol", "http/json", null, "--otlp-protocol must be grpc or http/protobuf, not \"http/json\"")]
    [InlineData(null, null, "OTEL_EXPORTER_OTLP_ENDPOINT=ftp://127.0.0.1:4317", "OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http:// or https:// URL")]
    [InlineData(null, null, "OTEL_EXPORTER_OTLP_PROTOCOL=udp", "OTEL_EXPORTER_OTLP_PROTOCOL must be grpc or http/protobuf, not \"udp\"")]
    public async Task BadOtlpSettings_AreAUsageError(string? option, string? value, string? variable, string message)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (variable is not null)
        {
            var split = variable.IndexOf('=', StringComparison.Ordinal);
            environment[variable[..split]] = variable[(split + 1)..];
        }

        string[] arguments = option is null ? ["--config", "mesh.yaml"] : ["--config", "mesh.yaml", option, value!];
        var result = await SidecarProcess.RunToExitAsync(environment, arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>A collector stand-in: accepts every post with an empty OTLP response (a valid empty protobuf message).</summary>
    private static async Task<TestBackend> StartCollectorAsync()
    {
        var collector = await TestBackend.StartAsync("collector");
        collector.Handler = context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.ContentLength = 0;
            return Task.FromResult(true);
        };
        return collector;
    }

    /// <summary>Waits for a post to <paramref name="path"/> whose protobuf payload holds <paramref name="name"/> (names are plain UTF-8 in protobuf).</summary>
    private static async Task WaitForPostAsync(TestBackend collector, string path, string name, SidecarProcess sidecar)
    {
        var arrived = await Poll.UntilAsync(
            () => collector.Received.Any(r => r.Method == "POST" && r.PathAndQuery == path && r.Body.Contains(name, StringComparison.Ordinal)),
            ExportWait,
            delayMilliseconds: 100);
        Assert.True(arrived, $"no POST {path} carrying {name} arrived; received: {string.Join(", ", collector.Received.Select(r => r.Method + " " + r.PathAndQuery))}\n{sidecar.Output}");
    }

    private static Dictionary<string, string> With(Dictionary<string, string> environment, params (string Name, string Value)[] more)
    {
        var all = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach (var (name, value) in more)
        {
            all[name] = value;
        }

        return all;
    }

    /// <summary>
    /// A collector stand-in for OTLP/gRPC: cleartext HTTP/2 (prior knowledge, as the exporter speaks it to an
    /// http:// endpoint), answering each export with an empty gRPC message and status 0.
    /// </summary>
    private sealed class GrpcCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

        private GrpcCollector(WebApplication app) => _app = app;

        public int Port { get; private set; }

        public IEnumerable<string> Paths => _received.Select(r => r.Path);

        public static async Task<GrpcCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
            var app = builder.Build();
            var collector = new GrpcCollector(app);
            app.Run(async context =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector._received.Enqueue((context.Request.Path.Value ?? string.Empty, body.ToArray()));
                context.Response.ContentType = "application/grpc";
                await context.Response.Body.WriteAsync(new byte[5]); // uncompressed, zero-length message
                context.Response.AppendTrailer("grpc-status", "0");
            });
            await app.StartAsync();
            collector.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
            return collector;
        }

        /// <summary>Whether an export to <paramref name="path"/> carried <paramref name="name"/> (names are plain UTF-8 in protobuf).</summary>
        public bool Has(string path, string name) =>
            _received.Any(r => r.Path == path && Encoding.UTF8.GetString(r.Body).Contains(name, StringComparison.Ordinal));

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
