using System.Text.Json;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>The outbound listener: the same routing, faults and passthrough as in-process, seen by curl and python3.</summary>
public sealed class SidecarRoutingTests(BookinfoSidecarFixture fixture) : IClassFixture<BookinfoSidecarFixture>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private int Port => fixture.Sidecar.OutboundPort;

    [Fact]
    public async Task CurlThroughProxy_JasonGoesToV2_OthersToV3_WithHeadersPassedThrough()
    {
        var jason = await HttpTools.CurlViaProxyAsync(Port, "http://reviews:9080/reviews/0?x=1", "end-user: jason", "x-custom: kept");
        Assert.Equal(200, jason.Status);
        var jasonAnswer = Answer(jason);
        Assert.Equal("reviews-v2", jasonAnswer.Backend);
        Assert.Equal("/reviews/0?x=1", jasonAnswer.Path);
        Assert.Equal("jason", jasonAnswer.Headers["end-user"]);
        Assert.Equal("kept", jasonAnswer.Headers["x-custom"]);
        Assert.Equal("reviews:9080", jasonAnswer.Headers["host"]);
        Assert.Equal("1", jasonAnswer.Headers["x-envoy-attempt-count"]);
        Assert.False(jasonAnswer.Headers.ContainsKey("proxy-connection"));

        for (var i = 0; i < 3; i++)
        {
            var anonymous = await HttpTools.CurlViaProxyAsync(Port, "http://reviews:9080/reviews/0");
            Assert.Equal(200, anonymous.Status);
            Assert.Equal("reviews-v3", Answer(anonymous).Backend);
        }
    }

    [Fact]
    public async Task PythonUrllibThroughProxy_RoutesAsCurlDoes()
    {
        var jason = await HttpTools.PythonViaProxyAsync(Port, "http://reviews:9080/reviews/1", "end-user: jason");
        Assert.Equal(200, jason.Status);
        Assert.Equal("reviews-v2", Answer(jason).Backend);

        var other = await HttpTools.PythonViaProxyAsync(Port, "http://reviews:9080/reviews/1", "end-user: mike");
        Assert.Equal(200, other.Status);
        Assert.Equal("reviews-v3", Answer(other).Backend);
    }

    [Fact]
    public async Task OriginFormWithServiceHost_IsRouted()
    {
        var jason = await HttpTools.CurlAsync("-H", "Host: reviews:9080", "-H", "end-user: jason", $"http://127.0.0.1:{Port}/reviews/2");
        Assert.Equal(200, jason.Status);
        Assert.Equal("reviews-v2", Answer(jason).Backend);
        Assert.Equal("reviews:9080", Answer(jason).Headers["host"]);

        var anonymous = await HttpTools.CurlAsync("-H", "Host: reviews", $"http://127.0.0.1:{Port}/reviews/2");
        Assert.Equal("reviews-v3", Answer(anonymous).Backend);
    }

    [Fact]
    public async Task CleartextHttp2PriorKnowledge_IsServedOnTheSamePort()
    {
        var response = await HttpTools.CurlAsync("--http2-prior-knowledge", "-H", "Host: reviews:9080", "-H", "end-user: jason",
            "-w", "\n%{http_code}\n%{http_version}", $"http://127.0.0.1:{Port}/reviews/3");

        // This -w prints the status, then the protocol version, under the body: the "status" parsed is the version.
        Assert.Equal(2, response.Status);
        var lines = response.Body.Split('\n');
        Assert.Equal("200", lines[^1]);
        Assert.Equal("reviews-v2", JsonSerializer.Deserialize<BackendAnswer>(string.Join('\n', lines[..^1]), Web)!.Backend);
    }

    [Fact]
    public async Task FaultAbort_ReturnsTheConfiguredStatusAndEnvoyBody()
    {
        var aborted = await HttpTools.CurlViaProxyAsync(Port, "http://ratings:9080/ratings/0", "end-user: jason");
        Assert.Equal(500, aborted.Status);
        Assert.Equal("fault filter abort", aborted.Body);

        var served = await HttpTools.CurlViaProxyAsync(Port, "http://ratings:9080/ratings/0");
        Assert.Equal(200, served.Status);
        Assert.Equal("ratings-v1", Answer(served).Backend);
    }

    [Fact]
    public async Task UnknownHost_AllowAny_IsForwardedAsItIs()
    {
        var outside = fixture.Mesh.Outside;
        var response = await HttpTools.CurlViaProxyAsync(Port, $"http://127.0.0.1:{outside.Port}/anything?q=2", "x-custom: outside");
        Assert.Equal(200, response.Status);
        var answer = Answer(response);
        Assert.Equal("outside", answer.Backend);
        Assert.Equal("/anything?q=2", answer.Path);
        Assert.Equal("outside", answer.Headers["x-custom"]);
        Assert.Equal($"127.0.0.1:{outside.Port}", answer.Headers["host"]);

        var python = await HttpTools.PythonViaProxyAsync(Port, $"http://127.0.0.1:{outside.Port}/py");
        Assert.Equal("outside", Answer(python).Backend);
    }

    [Fact]
    public async Task UnknownHost_ThatRefusesConnections_IsEnvoys503()
    {
        var closed = SidecarProcess.FreePort();
        var response = await HttpTools.CurlViaProxyAsync(Port, $"http://127.0.0.1:{closed}/");
        Assert.Equal(503, response.Status);
        Assert.StartsWith("upstream connect error or disconnect/reset before headers", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteTimeoutHeaderFromTheCaller_IsHonouredAndStripped()
    {
        var slow = fixture.Mesh.Reviews[2];
        slow.Handler = async context =>
        {
            if (context.Request.Path != "/slow-timeout")
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return true;
        };

        var response = await HttpTools.CurlViaProxyAsync(Port, "http://reviews:9080/slow-timeout", "x-envoy-upstream-rq-timeout-ms: 300");
        Assert.Equal(504, response.Status);
        Assert.Equal("upstream request timeout", response.Body);
        var received = Assert.Single(slow.Received, r => r.PathAndQuery == "/slow-timeout");
        Assert.False(received.Headers.ContainsKey("x-envoy-upstream-rq-timeout-ms"));
        Assert.True(received.Headers.ContainsKey("x-envoy-expected-rq-timeout-ms"));
    }

    [Fact]
    public async Task RequestNamingTheSidecarItself_IsRefusedInsteadOfLooping()
    {
        var response = await HttpTools.CurlAsync($"http://127.0.0.1:{Port}/reviews/0");
        Assert.Equal(400, response.Status);
        Assert.Contains("own outbound listener", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectTunnel_IsRefusedWith501()
    {
        var result = await ToolRun.RunAsync("curl", ["-s", "-S", "--max-time", "30", "-p", "-x", $"http://127.0.0.1:{Port}", "http://reviews:9080/"]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("501", result.StandardError, StringComparison.Ordinal);
    }

    private static BackendAnswer Answer(ToolHttpResponse response) =>
        JsonSerializer.Deserialize<BackendAnswer>(response.Body, Web) ?? throw new InvalidOperationException("not a backend answer: " + response.Body);
}
