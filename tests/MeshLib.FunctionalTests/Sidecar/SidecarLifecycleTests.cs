using System.Diagnostics;
using MeshLib.FunctionalTests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>Starting (command line, configuration errors, policies) and stopping (SIGTERM drains in-flight requests).</summary>
public sealed class SidecarLifecycleTests
{
    [Fact]
    public async Task RegistryOnly_UnknownHostIs502_KnownHostsStillRouted()
    {
        await using var mesh = await BookinfoMesh.StartAsync();
        await using var sidecar = await SidecarProcess.StartAsync("--config", mesh.Directory, "--outbound-traffic-policy", "REGISTRY_ONLY");

        var blocked = await HttpTools.CurlViaProxyAsync(sidecar.OutboundPort, $"http://127.0.0.1:{mesh.Outside.Port}/anything");
        Assert.Equal(502, blocked.Status);
        Assert.Empty(mesh.Outside.Received);

        var routed = await HttpTools.CurlViaProxyAsync(sidecar.OutboundPort, "http://reviews:9080/reviews/0", "end-user: jason");
        Assert.Equal(200, routed.Status);
        Assert.Contains("reviews-v2", routed.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_LetsTheInFlightRequestFinish_ThenExits0()
    {
        await using var mesh = await BookinfoMesh.StartAsync();
        var slow = mesh.Reviews[2];
        slow.Handler = async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            await context.Response.WriteAsync("slow done");
            return true;
        };

        await using var sidecar = await SidecarProcess.StartAsync("--config", mesh.Directory);
        var request = HttpTools.CurlViaProxyAsync(sidecar.OutboundPort, "http://reviews:9080/slow");

        // SIGTERM once the backend holds the request.
        var waited = Stopwatch.StartNew();
        while (slow.Received.IsEmpty)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the request never reached the backend:\n" + sidecar.Output);
            await Task.Delay(20);
        }

        await sidecar.TerminateAsync();
        var response = await request;
        Assert.Equal(200, response.Status);
        Assert.Equal("slow done", response.Body);
        Assert.Equal(0, await sidecar.WaitForExitAsync());
        Assert.Contains("draining", sidecar.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SocketIo_RunsInlineByDefault_TheEnvironmentCanKeepTheThreadPool_EitherWayRequestsAreRouted()
    {
        await using var mesh = await BookinfoMesh.StartAsync();
        var modes = new (IReadOnlyDictionary<string, string> Environment, string Logged)[]
        {
            (new Dictionary<string, string>(), "socket I/O inline on the I/O threads"),
            (new Dictionary<string, string> { [SidecarProcess.SocketInlineCompletionsVariable] = "0" }, "socket I/O on the thread pool"),
        };

        foreach (var (environment, logged) in modes)
        {
            await using var sidecar = await SidecarProcess.StartAsync(environment, "--config", mesh.Directory);
            var requests = Enumerable.Range(0, 8).Select(_ => HttpTools.CurlViaProxyAsync(sidecar.OutboundPort, "http://reviews:9080/reviews/0", "end-user: jason"));
            foreach (var routed in await Task.WhenAll(requests))
            {
                Assert.Equal(200, routed.Status);
                Assert.Contains("reviews-v2", routed.Body, StringComparison.Ordinal);
            }

            Assert.True(await Poll.UntilAsync(() => sidecar.Output.Contains(logged, StringComparison.Ordinal), TimeSpan.FromSeconds(10)), sidecar.Output);
        }
    }

    [Theory]
    [InlineData("--outbound-port", "nope")]
    [InlineData("--outbound-traffic-policy", "DENY")]
    [InlineData("--bogus", "1")]
    [InlineData("--namespace", "default")]
    [InlineData("--config", ".", "--label", "app")]
    [InlineData("--config", ".", "--locality", "us-east//a")]
    public async Task BadCommandLine_PrintsUsage_Exits2(params string[] arguments)
    {
        var result = await SidecarProcess.RunToExitAsync(arguments);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: MeshLib.Sidecar --config PATH", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidInitialConfiguration_PrintsFileAndLine_Exits1()
    {
        var directory = Directory.CreateTempSubdirectory("meshlib-sidecar-bad-").FullName;
        try
        {
            var file = Path.Combine(directory, "bad.yaml");
            await File.WriteAllTextAsync(file, """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: reviews
                spec:
                  hosts: [reviews]
                  http:
                  - route:
                    - destination:
                        host: reviews
                      weight: -5
                """);
            var result = await SidecarProcess.RunToExitAsync("--config", directory, "--outbound-port", SidecarProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--admin-port", SidecarProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"{file}:11:", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
