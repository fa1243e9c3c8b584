using System.Text.Json;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>
/// What only the outbound listener does: cleartext HTTP/2, passthrough of hosts the configuration does not know,
/// requests naming the sidecar itself, CONNECT. Routing, faults, timeouts, retries and the rest run through the
/// sidecar from the shared scenario catalogue (<c>Scenarios/</c>), as they run in-process.
/// </summary>
public sealed class SidecarRoutingTests(BookinfoSidecarFixture fixture) : IClassFixture<BookinfoSidecarFixture>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private int Port => fixture.Sidecar.OutboundPort;

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
