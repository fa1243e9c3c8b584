using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>
/// Reloads that add, remove or change HTTP and HTTPS Gateway server ports: the sidecar opens, closes and rebinds
/// their listeners without a restart and leaves the other ports alone.
/// </summary>
public sealed class GatewayReloadTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // Every host on gateway gw goes to productpage.
    private const string Routes = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: edge}
        spec:
          hosts: ["*"]
          gateways: [gw]
          http:
          - route:
            - destination: {host: productpage}
        """;

    private static string Text(int port) => GatewayMesh.Text(port);

    private static string Plain(int port) => $"""
          - port: {"{"}number: {Text(port)}, name: http-{Text(port)}, protocol: HTTP{"}"}
            hosts: ["*"]

        """;

    private static string Https(int port) => $"""
          - port: {"{"}number: {Text(port)}, name: https-{Text(port)}, protocol: HTTPS{"}"}
            hosts: [shop.example.com]
            tls: {"{"}mode: SIMPLE, credentialName: shop{"}"}

        """;

    private static string Gateway(params string[] servers) => """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: gw}
        spec:
          servers:

        """ + string.Concat(servers);

    [Fact]
    public async Task PlainPort_AddedByAReload_IsRouted_RemovedByAnother_StopsAccepting_ItsRequestUnderWayFinishes()
    {
        await using var productpage = await TestBackend.StartAsync("productpage");
        using var config = new TempDirectory();
        var (stable, added) = (SidecarProcess.FreePort(), SidecarProcess.FreePort());
        config.Write("registry.yaml", GatewayMesh.Registry(productpage.Port, productpage.Port));
        config.Write("routes.yaml", Routes);
        config.Write("gateway.yaml", Gateway(Plain(stable)));
        await using var sidecar = await SidecarProcess.StartAsync("--config", config.Path);
        Assert.False(await SidecarProcess.AcceptsAsync(added));

        await sidecar.ReloadAsync(() => config.Write("gateway.yaml", Gateway(Plain(stable), Plain(added))));
        Assert.True(await Poll.UntilAsync(() => SidecarProcess.AcceptsAsync(added), Timeout), "the added port was not opened:\n" + sidecar.Output);
        Assert.Equal("productpage", await BackendAsync(added, "/added"));
        Assert.Contains($"Gateway listener http://127.0.0.1:{Text(added)} serves Gateway/default/gw spec.servers[1]", sidecar.Output, StringComparison.Ordinal);

        // A request under way when a reload removes its port gets its answer; new connections are refused meanwhile.
        var arrived = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        productpage.Handler = async context =>
        {
            if (context.Request.Path == "/slow")
            {
                arrived.TrySetResult();
                await release.Task;
            }

            return false;
        };
        var slow = HttpTools.CurlAsync($"http://127.0.0.1:{Text(added)}/slow");
        await arrived.Task.WaitAsync(Timeout);
        await sidecar.ReloadAsync(() => config.Write("gateway.yaml", Gateway(Plain(stable))));
        Assert.True(await Poll.UntilAsync(async () => !await SidecarProcess.AcceptsAsync(added), Timeout), "the removed port still accepts:\n" + sidecar.Output);
        release.SetResult();
        var answer = await slow;
        Assert.Equal(200, answer.Status);
        Assert.Equal("/slow", BackendAnswer.Parse(answer.Body).Path);

        Assert.Contains($"Gateway listener http://127.0.0.1:{Text(added)} closed", sidecar.Output, StringComparison.Ordinal);
        Assert.Equal("productpage", await BackendAsync(stable, "/stable"));
    }

    [Fact]
    public async Task HttpsPort_AddedByAReload_TerminatesTls_AndAPortSwitchedBetweenPlainAndHttps_IsReboundWithTheNewKind()
    {
        await using var productpage = await TestBackend.StartAsync("productpage");
        using var config = new TempDirectory();
        using var certificates = new TempDirectory();
        using var authority = TestCertificates.Create(certificates.Path);
        authority.Issue("shop", ["shop.example.com"]).Certificate.Dispose();
        var (stable, https, switched) = (SidecarProcess.FreePort(), SidecarProcess.FreePort(), SidecarProcess.FreePort());
        config.Write("registry.yaml", GatewayMesh.Registry(productpage.Port, productpage.Port));
        config.Write("routes.yaml", Routes);
        config.Write("gateway.yaml", Gateway(Plain(stable), Plain(switched)));
        await using var sidecar = await SidecarProcess.StartAsync("--config", config.Path, "--gateway-certs", certificates.Path);
        Assert.Equal("productpage", await BackendAsync(switched, "/plain"));

        // curl checks the certificate against shop.example.com and the test CA: the server's own certificate was presented.
        await sidecar.ReloadAsync(() => config.Write("gateway.yaml", Gateway(Plain(stable), Plain(switched), Https(https))));
        Assert.True(await Poll.UntilAsync(() => AnswersTlsAsync(authority, https), Timeout), "the added HTTPS port does not answer:\n" + sidecar.Output);
        Assert.Contains($"Gateway listener https://127.0.0.1:{Text(https)} serves Gateway/default/gw spec.servers[2]", sidecar.Output, StringComparison.Ordinal);

        await sidecar.ReloadAsync(() => config.Write("gateway.yaml", Gateway(Plain(stable), Https(switched), Https(https))));
        Assert.True(await Poll.UntilAsync(() => AnswersTlsAsync(authority, switched), Timeout), "the port switched to HTTPS does not answer TLS:\n" + sidecar.Output);
        Assert.False(await AnswersPlainAsync(switched));

        await sidecar.ReloadAsync(() => config.Write("gateway.yaml", Gateway(Plain(stable), Plain(switched), Https(https))));
        Assert.True(await Poll.UntilAsync(() => AnswersPlainAsync(switched), Timeout), "the port switched back to plain HTTP does not answer:\n" + sidecar.Output);
        Assert.False(await AnswersTlsAsync(authority, switched));

        Assert.Contains($"Gateway listener http://127.0.0.1:{Text(switched)} closed", sidecar.Output, StringComparison.Ordinal);
        Assert.Contains($"Gateway listener https://127.0.0.1:{Text(switched)} closed", sidecar.Output, StringComparison.Ordinal);
        Assert.True(await AnswersTlsAsync(authority, https));
        Assert.Equal("productpage", await BackendAsync(stable, "/stable"));
    }

    [Fact]
    public async Task UnchangedPort_FailsNoRequest_WhileReloadsOpenAndCloseOtherPorts()
    {
        await using var productpage = await TestBackend.StartAsync("productpage");
        using var config = new TempDirectory();
        var (stable, first, second) = (SidecarProcess.FreePort(), SidecarProcess.FreePort(), SidecarProcess.FreePort());
        config.Write("registry.yaml", GatewayMesh.Registry(productpage.Port, productpage.Port));
        config.Write("routes.yaml", Routes);
        config.Write("gateway.yaml", Gateway(Plain(stable)));
        await using var sidecar = await SidecarProcess.StartAsync("--config", config.Path);

        // Requests on the unchanged port, alternately on a kept-alive connection and on a new one each, until the
        // reloads are done (at most 60 s); each reload waits for more of them to succeed first.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var url = new Uri($"http://127.0.0.1:{Text(stable)}/steady");
        var succeeded = 0;
        var failures = new ConcurrentQueue<string>();
        var load = Task.Run(async () =>
        {
            for (var i = 0; !done.IsCancellationRequested; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.ConnectionClose = i % 2 == 1;
                try
                {
                    using var response = await client.SendAsync(request);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref succeeded);
                    }
                    else
                    {
                        failures.Enqueue($"status {(int)response.StatusCode}");
                    }
                }
                catch (HttpRequestException exception)
                {
                    failures.Enqueue(exception.Message);
                }

                await Task.Delay(5);
            }
        });
        async Task MoreRequestsSucceedAsync()
        {
            var target = Volatile.Read(ref succeeded) + 10;
            Assert.True(await Poll.UntilAsync(() => Volatile.Read(ref succeeded) >= target || !failures.IsEmpty, Timeout), "the requests stalled:\n" + sidecar.Output);
        }

        await MoreRequestsSucceedAsync();
        await sidecar.ReloadAsync(() => config.Write("gateway.yaml", Gateway(Plain(stable), Plain(first))));
        Assert.True(await Poll.UntilAsync(() => SidecarProcess.AcceptsAsync(first), Timeout), "the first added port was not opened:\n" + sidecar.Output);
        await MoreRequestsSucceedAsync();
        await sidecar.ReloadAsync(() => config.Write("gateway.yaml", Gateway(Plain(second), Plain(stable))));
        Assert.True(await Poll.UntilAsync(async () => await SidecarProcess.AcceptsAsync(second) && !await SidecarProcess.AcceptsAsync(first), Timeout),
            "the ports were not swapped:\n" + sidecar.Output);
        await MoreRequestsSucceedAsync();
        await sidecar.ReloadAsync(() => config.Write("gateway.yaml", Gateway(Plain(stable))));
        Assert.True(await Poll.UntilAsync(async () => !await SidecarProcess.AcceptsAsync(second), Timeout), "the second port was not closed:\n" + sidecar.Output);
        await MoreRequestsSucceedAsync();

        await done.CancelAsync();
        await load;
        Assert.Empty(failures);
    }

    [Fact]
    public async Task PortHeldByAnotherSocket_IsLoggedWithItsGateway_TheRestIsServed_AndALaterReloadOpensIt()
    {
        await using var productpage = await TestBackend.StartAsync("productpage");
        using var config = new TempDirectory();
        var (stable, held) = (SidecarProcess.FreePort(), SidecarProcess.FreePort());
        config.Write("registry.yaml", GatewayMesh.Registry(productpage.Port, productpage.Port));
        config.Write("routes.yaml", Routes);
        config.Write("gateway.yaml", Gateway(Plain(stable)));
        await using var sidecar = await SidecarProcess.StartAsync("--config", config.Path);
        var holder = new TcpListener(IPAddress.Loopback, held);
        holder.Start();
        try
        {
            await sidecar.ReloadAsync(() => config.Write("gateway.yaml", Gateway(Plain(stable), Plain(held))));
            var error = $"Gateway listener http://127.0.0.1:{Text(held)} cannot be opened (Address already in use): Gateway/default/gw spec.servers[1] (hosts *) is not served";
            Assert.True(await Poll.UntilAsync(() => sidecar.Output.Contains(error, StringComparison.Ordinal), Timeout), "the bind failure was not logged:\n" + sidecar.Output);

            // That line is the whole report: no stack trace, no second error from Kestrel's rebind.
            Assert.DoesNotContain("   at ", sidecar.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Unable to", sidecar.Output, StringComparison.Ordinal);
            Assert.Equal("productpage", await BackendAsync(stable, "/while-held"));
            using var ready = await sidecar.AdminGetAsync("/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        finally
        {
            holder.Dispose();
        }

        // The next reload tries the port again.
        await sidecar.ReloadAsync(() => config.Write("gateway.yaml", Gateway(Plain(stable), Plain(held)) + "# released\n"));
        Assert.True(await Poll.UntilAsync(() => AnswersPlainAsync(held), Timeout), "the released port was not opened:\n" + sidecar.Output);
    }

    private static async Task<string> BackendAsync(int port, string path) =>
        BackendAnswer.Parse((await HttpTools.CurlAsync($"http://127.0.0.1:{Text(port)}{path}")).Body).Backend;

    private static async Task<bool> AnswersPlainAsync(int port)
    {
        var result = await ToolRun.RunAsync("curl", ["-s", "--max-time", "10", "--noproxy", "*", "-o", "/dev/null", "-w", "%{http_code}", $"http://127.0.0.1:{Text(port)}/plain"]);
        return result.ExitCode == 0 && result.StandardOutput == "200";
    }

    private static async Task<bool> AnswersTlsAsync(TestCertificates authority, int port)
    {
        var result = await GatewayClients.CurlTlsAsync(authority.AuthorityPath, "shop.example.com", port, "/tls");
        return result.ExitCode == 0 && ToolHttpResponse.Parse(result) is { Status: 200 } response && BackendAnswer.Parse(response.Body).Backend == "productpage";
    }
}
