using System.Net;
using MeshLib.Configuration.Diagnostics;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Tls;

/// <summary>
/// TLS origination from DestinationRule <c>tls</c>: the caller sends plain <c>http://</c>, the mesh connects to the
/// endpoint over TLS (Istio's egress TLS origination), verifying the server as configured and presenting a client
/// certificate for MUTUAL. A handshake that fails is a connect failure: retried, then 503 UF with the TLS reason.
/// </summary>
public sealed class UpstreamTlsTests(TlsBackends backends) : IClassFixture<TlsBackends>
{
    private const string Url = $"http://{TlsBackends.Host}/hello?x=1";
    private const string ConnectFailurePrefix = "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: connection failure, transport failure reason: TLS error: ";

    [Fact]
    public async Task Simple_WithTheServersCa_OriginatesTls_SendingTheHostAsSni()
    {
        await using var mesh = MeshHarness.FromYaml(
            TlsBackends.ServiceEntry(backends.Simple),
            TlsBackends.DestinationRule($"mode: SIMPLE\ncaCertificates: \"{backends.CaPath}\""));

        var answer = await GetAsync(mesh, Url);

        Assert.Equal("simple", answer.Backend);
        Assert.Equal("https", answer.Scheme);
        Assert.Equal("/hello?x=1", answer.Path);
        Assert.Equal(TlsBackends.Host, answer.Headers["host"]);
        Assert.Equal(TlsBackends.Host, backends.Simple.ServerNames.Last());
    }

    [Fact]
    public async Task Simple_TrustingAnotherCa_Is503UF_AfterRetries_AndNoRequestArrives()
    {
        await using var mesh = MeshHarness.FromYaml(
            TlsBackends.ServiceEntry(backends.Simple),
            TlsBackends.DestinationRule($"mode: SIMPLE\ncaCertificates: \"{backends.OtherCaPath}\""));
        var before = backends.Simple.Requests;

        using var response = await mesh.GetAsync(Url);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        // Both test authorities are named alike, so the chain reaches the wrong one and its signature does not verify.
        Assert.StartsWith(ConnectFailurePrefix + "CERTIFICATE_VERIFY_FAILED: certificate chain: ", body, StringComparison.Ordinal);
        Assert.Equal(before, backends.Simple.Requests);
    }

    [Fact]
    public async Task Simple_WithoutCaCertificates_TrustsTheSystemCas_SoATestCaIsRefused()
    {
        await using var mesh = MeshHarness.FromYaml(TlsBackends.ServiceEntry(backends.Simple), TlsBackends.DestinationRule("mode: SIMPLE"));

        using var response = await mesh.GetAsync(Url);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith(ConnectFailurePrefix + "CERTIFICATE_VERIFY_FAILED: certificate chain: ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simple_CertificateNotNamingTheHost_IsRefused_AsIstiosAutoSanValidation()
    {
        const string host = "elsewhere.example.com";
        await using var mesh = MeshHarness.FromYaml(
            TlsBackends.ServiceEntry(backends.Simple, host),
            TlsBackends.DestinationRule($"mode: SIMPLE\ncaCertificates: \"{backends.CaPath}\"", host));

        using var response = await mesh.GetAsync($"http://{host}/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(ConnectFailurePrefix + $"CERTIFICATE_VERIFY_FAILED: the certificate does not match host \"{host}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sni_IsWhatTheHandshakeSends_WhileHostStaysTheService()
    {
        await using var mesh = MeshHarness.FromYaml(
            TlsBackends.ServiceEntry(backends.Simple),
            TlsBackends.DestinationRule($"mode: SIMPLE\ncaCertificates: \"{backends.CaPath}\"\nsni: origin.example.org"));

        var answer = await GetAsync(mesh, Url);

        Assert.Equal("simple", answer.Backend);
        Assert.Equal(TlsBackends.Host, answer.Headers["host"]);
        Assert.Equal("origin.example.org", backends.Simple.ServerNames.Last());
    }

    [Fact]
    public async Task Sni_WithAnotherCa_Is503UF_WithTheTlsReason()
    {
        await using var mesh = MeshHarness.FromYaml(
            TlsBackends.ServiceEntry(backends.Simple),
            TlsBackends.DestinationRule($"mode: SIMPLE\ncaCertificates: \"{backends.OtherCaPath}\"\nsni: origin.example.org"));

        using var response = await mesh.GetAsync(Url);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith(ConnectFailurePrefix + "CERTIFICATE_VERIFY_FAILED: certificate chain: ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task H2UpgradePolicy_GoesHttp2OverTls_NegotiatedByAlpn()
    {
        await using var mesh = MeshHarness.FromYaml(
            TlsBackends.ServiceEntry(backends.Simple),
            MeshYaml.DestinationRule(TlsBackends.Host, [], $"connectionPool:\n  http: {{h2UpgradePolicy: UPGRADE}}\ntls:\n  mode: SIMPLE\n  caCertificates: \"{backends.CaPath}\""));

        var answer = await GetAsync(mesh, Url);

        Assert.Equal(("HTTP/2", "https"), (answer.Protocol, answer.Scheme));
    }

    [Theory]
    [InlineData("[secure.example.com]")]
    [InlineData("[spiffe://cluster.local/ns/default/sa/other, secure.example.com]")]
    [InlineData("[127.0.0.1]")]
    public async Task SubjectAltNames_OneMatching_IsAccepted(string names)
    {
        await using var mesh = MeshHarness.FromYaml(
            TlsBackends.ServiceEntry(backends.Simple),
            TlsBackends.DestinationRule($"mode: SIMPLE\ncaCertificates: \"{backends.CaPath}\"\nsubjectAltNames: {names}"));

        Assert.Equal("simple", (await GetAsync(mesh, Url)).Backend);
    }

    [Fact]
    public async Task SubjectAltNames_NoneMatching_IsRefused()
    {
        await using var mesh = MeshHarness.FromYaml(
            TlsBackends.ServiceEntry(backends.Simple),
            TlsBackends.DestinationRule($"mode: SIMPLE\ncaCertificates: \"{backends.CaPath}\"\nsubjectAltNames: [spiffe://cluster.local/ns/default/sa/reviews, other.example.com]"));

        using var response = await mesh.GetAsync(Url);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(
            ConnectFailurePrefix + "CERTIFICATE_VERIFY_FAILED: no subject alternative name matches spiffe://cluster.local/ns/default/sa/reviews, other.example.com",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ServiceEntrySubjectAltNames_ApplyWhenTheDestinationRuleNamesNone()
    {
        var entry = TlsBackends.ServiceEntry(backends.Simple).Replace("  resolution: STATIC\n", "  resolution: STATIC\n  subjectAltNames: [other.example.com]\n", StringComparison.Ordinal);
        await using var mesh = MeshHarness.FromYaml(entry, TlsBackends.DestinationRule($"mode: SIMPLE\ncaCertificates: \"{backends.CaPath}\""));

        using var response = await mesh.GetAsync(Url);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.EndsWith("no subject alternative name matches other.example.com", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InsecureSkipVerify_AcceptsAnUntrustedCertificate()
    {
        await using var mesh = MeshHarness.FromYaml(TlsBackends.ServiceEntry(backends.Simple), TlsBackends.DestinationRule("mode: SIMPLE\ninsecureSkipVerify: true"));

        Assert.Equal("https", (await GetAsync(mesh, Url)).Scheme);
    }

    [Fact]
    public async Task Mutual_PresentsTheClientCertificate_ThatTheBackendRequires()
    {
        await using var mesh = MeshHarness.FromYaml(
            TlsBackends.ServiceEntry(backends.Mutual),
            TlsBackends.DestinationRule(
                $"mode: MUTUAL\nclientCertificate: \"{backends.Client.CertificatePath}\"\nprivateKey: \"{backends.Client.KeyPath}\"\ncaCertificates: \"{backends.CaPath}\""));

        var answer = await GetAsync(mesh, Url);

        Assert.Equal("mutual", answer.Backend);
        Assert.Equal("CN=client.example.com", answer.ClientCertificate);
    }

    [Fact]
    public async Task Simple_ToABackendRequiringAClientCertificate_Fails()
    {
        await using var mesh = MeshHarness.FromYaml(
            TlsBackends.ServiceEntry(backends.Mutual),
            TlsBackends.DestinationRule($"mode: SIMPLE\ncaCertificates: \"{backends.CaPath}\""));
        var before = backends.Mutual.Requests;

        using var response = await mesh.GetAsync(Url);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith("upstream connect error or disconnect/reset before headers. ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, backends.Mutual.Requests);
    }

    [Fact]
    public async Task IstioMutual_StaysPlainText_WithAWarning()
    {
        var plain = await TestBackend.StartAsync("plain");
        await using var _ = plain;
        await using var mesh = MeshHarness.FromYaml(MeshYaml.ServiceEntry("plain.example.com", 80, (plain, "app: plain")), TlsBackends.DestinationRule("mode: ISTIO_MUTUAL", "plain.example.com"));

        Assert.Equal("plain", await mesh.BackendOfAsync("http://plain.example.com/"));
        var warning = Assert.Single(mesh.Manager.LastDiagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("spec.trafficPolicy.tls.mode", warning.FieldPath);
        Assert.StartsWith("ISTIO_MUTUAL needs certificates issued by Istio's CA, which MeshLib does not have", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingCertificateFile_FailsTheLoad_NamingTheFileAndField()
    {
        var missing = Path.Combine(Path.GetDirectoryName(backends.CaPath)!, "missing.crt");
        await using var mesh = MeshHarness.FromYaml(TlsBackends.ServiceEntry(backends.Simple), TlsBackends.DestinationRule($"mode: SIMPLE\ncaCertificates: \"{missing}\""));

        var exception = await Assert.ThrowsAsync<MeshConfigurationException>(() => mesh.GetAsync(Url));

        var error = Assert.Single(exception.Diagnostics);
        Assert.Equal($"DestinationRule/default/secure-example-com: spec.trafficPolicy.tls.caCertificates: cannot read \"{missing}\": no such file", $"{error.Resource}: {error.FieldPath}: {error.Message}");
        Assert.NotNull(error.Location);
        Assert.True(error.Location.Line > 0);
    }

    private static async Task<HttpsAnswer> GetAsync(MeshHarness mesh, string url)
    {
        using var response = await mesh.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");
        return HttpsAnswer.Parse(body);
    }
}
