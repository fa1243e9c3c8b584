using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeshLib.Tests.Tls;

/// <summary>Self-signed certificates with chosen subject alternative names, written as PEM files into a temporary folder.</summary>
internal sealed class SelfSignedFiles : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "meshlib-tls-" + Guid.NewGuid().ToString("N"));

    public SelfSignedFiles() => System.IO.Directory.CreateDirectory(Directory);

    /// <summary>A certificate with these SANs (DNS names, <c>uri:</c> URIs, IP addresses), with its private key.</summary>
    public static X509Certificate2 Create(params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256);
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (name.StartsWith("uri:", StringComparison.Ordinal))
            {
                alternativeNames.AddUri(new Uri(name[4..]));
            }
            else if (IPAddress.TryParse(name, out var address))
            {
                alternativeNames.AddIpAddress(address);
            }
            else
            {
                alternativeNames.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(alternativeNames.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>Writes <c>NAME.crt</c> and <c>NAME.key</c> for a new certificate; returns both paths.</summary>
    public (string Certificate, string Key) Write(string name)
    {
        using var certificate = Create("test.example.com");
        var certificatePath = Path.Combine(Directory, name + ".crt");
        var keyPath = Path.Combine(Directory, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/>; returns the path.</summary>
    public string WriteText(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
