using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>HTTPS gateway listeners: TLS terminated with the Gateway's certificates, SNI picking the server, mutual TLS.</summary>
[Collection(GatewaySidecarGroup.Name)]
public sealed class GatewayTlsTests(GatewayMesh mesh)
{
    [Fact]
    public async Task SimpleTls_CurlTrustingTheCa_IsRoutedOverHttp2()
    {
        var response = ToolHttpResponse.Parse(await GatewayClients.CurlTlsAsync(mesh.AuthorityPath, "shop.example.com", mesh.HttpsPort, "/checkout?step=2"));

        Assert.Equal(200, response.Status);
        var answer = BackendAnswer.Parse(response.Body);
        Assert.Equal("productpage", answer.Backend);
        Assert.Equal("/checkout?step=2", answer.Path);
        Assert.Equal($"shop.example.com:{GatewayMesh.Text(mesh.HttpsPort)}", answer.Headers["host"]);
        Assert.Equal("https", answer.Headers["x-forwarded-proto"]);

        var version = await ToolRun.RunAsync("curl", ["-s", "-S", "--max-time", "30", "--noproxy", "*", "--http2", "-o", "/dev/null", "-w", "%{http_version}",
            "--cacert", mesh.AuthorityPath, "--resolve", GatewayMesh.Resolve("shop.example.com", mesh.HttpsPort), $"https://shop.example.com:{GatewayMesh.Text(mesh.HttpsPort)}/"]);
        Assert.Equal("2", version.StandardOutput);
    }

    [Fact]
    public async Task ServerNameIndication_PicksTheServer_ItsCertificate_AndItsRoutes()
    {
        // curl checks the certificate against api.example.com: the api server's own certificate was presented.
        var api = ToolHttpResponse.Parse(await GatewayClients.CurlTlsAsync(mesh.AuthorityPath, "api.example.com", mesh.HttpsPort, "/v1/items"));
        Assert.Equal(200, api.Status);
        Assert.Equal("reviews", BackendAnswer.Parse(api.Body).Backend);

        // The shop server's routes have no api.example.com host, whatever the Host header says.
        var crossed = ToolHttpResponse.Parse(await GatewayClients.CurlTlsAsync(mesh.AuthorityPath, "shop.example.com", mesh.HttpsPort, "/v1/crossed", "-H", "Host: api.example.com"));
        Assert.Equal(404, crossed.Status);
        Assert.DoesNotContain(mesh.Reviews.Received, r => r.PathAndQuery == "/v1/crossed");
    }

    [Fact]
    public async Task ServerNameNoServerAccepts_FailsTheHandshake()
    {
        var result = await GatewayClients.CurlTlsAsync(mesh.AuthorityPath, "other.example.com", mesh.HttpsPort, "/");

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain(mesh.Productpage.Received, r => r.Headers.TryGetValue("host", out var host) && host.StartsWith("other.example.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PythonUrllib_OverTls_IsRouted()
    {
        var response = await GatewayClients.PythonAsync($"https://shop.example.com:{GatewayMesh.Text(mesh.HttpsPort)}/api/python", mesh.AuthorityPath);

        Assert.Equal(200, response.Status);
        var answer = BackendAnswer.Parse(response.Body);
        Assert.Equal("reviews", answer.Backend);
        Assert.Equal("https", answer.Headers["x-forwarded-proto"]);
    }

    [Fact]
    public async Task MutualTls_AcceptsTheListedClient_RefusesNoCertificateAndOtherNames()
    {
        var accepted = ToolHttpResponse.Parse(await GatewayClients.CurlTlsAsync(mesh.AuthorityPath, "mtls.example.com", mesh.MutualPort, "/mtls",
            "--cert", mesh.Client.CertificatePath, "--key", mesh.Client.KeyPath));
        Assert.Equal(200, accepted.Status);
        Assert.Equal("productpage", BackendAnswer.Parse(accepted.Body).Backend);

        var anonymous = await GatewayClients.CurlTlsAsync(mesh.AuthorityPath, "mtls.example.com", mesh.MutualPort, "/mtls-anonymous");
        Assert.NotEqual(0, anonymous.ExitCode);

        var stranger = await GatewayClients.CurlTlsAsync(mesh.AuthorityPath, "mtls.example.com", mesh.MutualPort, "/mtls-stranger",
            "--cert", mesh.Stranger.CertificatePath, "--key", mesh.Stranger.KeyPath);
        Assert.NotEqual(0, stranger.ExitCode);
        Assert.DoesNotContain(mesh.Productpage.Received, r => r.PathAndQuery is "/mtls-anonymous" or "/mtls-stranger");
    }
}
