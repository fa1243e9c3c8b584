using MeshLib.Configuration.DestinationRule;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.Validation;
using MeshLib.Tests.Tls;
using static MeshLib.Tests.Configuration.Validation.ValidationTestKit;

namespace MeshLib.Tests.Configuration.Validation;

public sealed class UpstreamTlsValidatorTests : IDisposable
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;
    private const string Tls = "spec.trafficPolicy.tls";

    private readonly SelfSignedFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static List<ConfigDiagnostic> Validate(ClientTlsSettingsConfig tls) =>
        Run(ResourceKind.DestinationRule, new DestinationRuleConfig { Host = "db", TrafficPolicy = new TrafficPolicyConfig { Tls = tls } }, UpstreamTlsValidator.Validate);

    [Fact]
    public void Mutual_WithReadableMatchingFiles_IsValid()
    {
        var (certificate, key) = _files.Write("client");

        Assert.Empty(Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Mutual, ClientCertificate = certificate, PrivateKey = key, CaCertificates = certificate }));
    }

    [Fact]
    public void IstioMutual_IsAWarning_ThatTrafficStaysPlain() =>
        Single(
            Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.IstioMutual }),
            Warning, $"{Tls}.mode",
            "ISTIO_MUTUAL needs certificates issued by Istio's CA, which MeshLib does not have: connections stay plain text "
            + "(use SIMPLE, or MUTUAL with clientCertificate and privateKey files, to originate TLS)");

    [Fact]
    public void DisableWithOtherFields_IsAWarning_ThatTheyAreIgnored() =>
        Single(
            Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Disable, Sni = "db.example.com" }),
            Warning, $"{Tls}.mode", "mode is DISABLE: connections are plain text and the other tls fields are ignored");

    [Fact]
    public void CredentialName_IsAnError() =>
        Single(
            Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple, CredentialName = "db-credential" }),
            Error, $"{Tls}.credentialName",
            "credentialName names a Kubernetes secret, which MeshLib cannot read: use clientCertificate, privateKey and caCertificates files");

    [Fact]
    public void CaCrl_IsAnError() =>
        Single(
            Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple, CaCrl = "/etc/crl.pem" }),
            Error, $"{Tls}.caCrl", "certificate revocation lists are not supported by MeshLib: remove caCrl");

    [Fact]
    public void MissingCaFile_NamesTheFile()
    {
        var missing = Path.Combine(_files.Directory, "nope", "ca.pem");

        Single(Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple, CaCertificates = missing }), Error, $"{Tls}.caCertificates", $"cannot read \"{missing}\": no such file");
    }

    [Fact]
    public void CaFileWithoutCertificates_IsAnError()
    {
        var path = _files.WriteText("ca.pem", "not a certificate\n");

        Single(Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple, CaCertificates = path }), Error, $"{Tls}.caCertificates", $"\"{path}\" holds no PEM certificate");
    }

    [Fact]
    public void KeyOfAnotherCertificate_IsAnError_OnPrivateKey()
    {
        var (certificate, _) = _files.Write("client");
        var (_, otherKey) = _files.Write("other");

        var diagnostic = Assert.Single(Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Mutual, ClientCertificate = certificate, PrivateKey = otherKey }));

        Assert.Equal(Error, diagnostic.Severity);
        Assert.Equal($"{Tls}.privateKey", diagnostic.FieldPath);
        Assert.StartsWith($"\"{otherKey}\" is not the PEM private key of the client certificate: ", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingClientFiles_AreErrors_OnEachField()
    {
        var certificate = Path.Combine(_files.Directory, "client.crt");
        var key = Path.Combine(_files.Directory, "client.key");

        var diagnostics = Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Mutual, ClientCertificate = certificate, PrivateKey = key });

        Assert.Equal(2, diagnostics.Count);
        Contains(diagnostics, Error, $"{Tls}.clientCertificate", $"cannot read \"{certificate}\": no such file");
        Contains(diagnostics, Error, $"{Tls}.privateKey", $"cannot read \"{key}\": no such file");
    }

    [Fact]
    public void SimpleWithAClientCertificate_IsAWarning_ThatItIsIgnored() =>
        Single(
            Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple, ClientCertificate = "/etc/client.pem" }),
            Warning, $"{Tls}.clientCertificate", "clientCertificate is used only with MUTUAL: ignored with SIMPLE");

    [Fact]
    public void PortLevelAndSubsetBlocks_AreChecked()
    {
        var tls = new ClientTlsSettingsConfig { Mode = ClientTlsMode.IstioMutual };
        var policy = new TrafficPolicyConfig { PortLevelSettings = [new PortTrafficPolicyConfig { Tls = tls }] };
        var spec = new DestinationRuleConfig { Host = "db", Subsets = [new SubsetConfig { Name = "v1", TrafficPolicy = policy }] };

        var diagnostic = Assert.Single(Run(ResourceKind.DestinationRule, spec, UpstreamTlsValidator.Validate));

        Assert.Equal("spec.subsets[0].trafficPolicy.portLevelSettings[0].tls.mode", diagnostic.FieldPath);
    }
}
