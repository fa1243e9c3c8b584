using MeshLib.FunctionalTests.Tls;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>TLS origination through the sidecar: curl speaks plain HTTP to it, the sidecar speaks TLS to the backend.</summary>
public sealed class SidecarTlsTests(TlsBackends backends) : IClassFixture<TlsBackends>
{
    [Fact]
    public async Task Curl_ViaTheSidecar_ReachesATlsBackend_AndAnUntrustedOneIs503UF()
    {
        using var directory = new TempDirectory();
        directory.Write("mesh.yaml", string.Join("\n---\n",
            TlsBackends.ServiceEntry(backends.Simple),
            TlsBackends.DestinationRule($"mode: SIMPLE\ncaCertificates: \"{backends.CaPath}\""),
            TlsBackends.ServiceEntry(backends.Simple, "untrusted.example.com"),
            TlsBackends.DestinationRule($"mode: SIMPLE\ncaCertificates: \"{backends.OtherCaPath}\"", "untrusted.example.com")));
        await using var sidecar = await SidecarProcess.StartAsync("--config", directory.Path);

        var trusted = await HttpTools.CurlViaProxyAsync(sidecar.OutboundPort, $"http://{TlsBackends.Host}/via-sidecar");
        var untrusted = await HttpTools.CurlViaProxyAsync(sidecar.OutboundPort, "http://untrusted.example.com/via-sidecar");

        Assert.Equal(200, trusted.Status);
        var answer = HttpsAnswer.Parse(trusted.Body);
        Assert.Equal(("simple", "https", "/via-sidecar", TlsBackends.Host), (answer.Backend, answer.Scheme, answer.Path, answer.Headers["host"]));
        Assert.Equal(503, untrusted.Status);
        Assert.StartsWith(
            "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: connection failure, transport failure reason: TLS error: CERTIFICATE_VERIFY_FAILED",
            untrusted.Body,
            StringComparison.Ordinal);
    }
}
