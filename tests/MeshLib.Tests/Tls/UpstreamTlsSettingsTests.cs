using MeshLib.Configuration;
using MeshLib.Configuration.DestinationRule;
using MeshLib.Tls;

namespace MeshLib.Tests.Tls;

public sealed class UpstreamTlsSettingsTests : IDisposable
{
    private readonly SelfSignedFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData(ClientTlsMode.Disable)]
    [InlineData(ClientTlsMode.IstioMutual)]
    public void NoOrigination_IsPlainText(ClientTlsMode? mode) =>
        Assert.Null(UpstreamTlsSettings.From(new ClientTlsSettingsConfig { Mode = mode, Sni = "x.example.com" }, null));

    [Fact]
    public void Mutual_ReadsTheFiles_IntoTheModel()
    {
        var (certificate, key) = _files.Write("client");
        var ca = _files.WriteText("ca.crt", File.ReadAllText(certificate));

        var settings = UpstreamTlsSettings.From(
            new ClientTlsSettingsConfig { Mode = ClientTlsMode.Mutual, ClientCertificate = certificate, PrivateKey = key, CaCertificates = ca, Sni = "db.example.com" },
            null)!;

        Assert.True(settings.Mutual);
        Assert.Equal("db.example.com", settings.Sni);
        Assert.Equal(File.ReadAllText(certificate), settings.ClientCertificatePem);
        Assert.Equal(File.ReadAllText(key), settings.PrivateKeyPem);
        Assert.Equal(File.ReadAllText(ca), settings.CaCertificatesPem);
        Assert.Null(settings.Problem);
        Assert.DoesNotContain("PRIVATE KEY", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ChangedFileContents_MakeADifferentModel()
    {
        var ca = _files.WriteText("ca.crt", "one");
        var config = new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple, CaCertificates = ca };
        var before = UpstreamTlsSettings.From(config, null);

        _files.WriteText("ca.crt", "two");

        Assert.NotEqual(before, UpstreamTlsSettings.From(config, null));
        Assert.Equal(UpstreamTlsSettings.From(config, null), UpstreamTlsSettings.From(config, null));
    }

    [Fact]
    public void SubjectAltNames_FallBackToTheServiceEntrys()
    {
        EquatableList<string> serviceNames = ["db.example.com"];

        Assert.Equal(serviceNames, UpstreamTlsSettings.From(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple }, serviceNames)!.SubjectAltNames);
        Assert.Equal(
            ["other.example.com"],
            UpstreamTlsSettings.From(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple, SubjectAltNames = ["other.example.com"] }, serviceNames)!.SubjectAltNames);
        Assert.Empty(UpstreamTlsSettings.From(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple, InsecureSkipVerify = true }, serviceNames)!.SubjectAltNames);
    }

    [Fact]
    public void AFileThatCannotBeRead_IsCarriedAsTheProblem()
    {
        var missing = Path.Combine(_files.Directory, "missing.crt");

        var settings = UpstreamTlsSettings.From(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple, CaCertificates = missing }, null)!;

        Assert.Equal($"cannot read \"{missing}\": no such file", settings.Problem);
    }
}
