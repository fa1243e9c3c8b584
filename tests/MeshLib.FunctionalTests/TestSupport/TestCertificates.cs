using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeshLib.FunctionalTests.TestSupport;

/// <summary>
/// A throwaway certificate authority for TLS tests: it issues server and client certificates for given DNS names and
/// writes them as PEM files (<c>NAME.crt</c> / <c>NAME.key</c>), the form gateways and DestinationRules name.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly X509Certificate2 _authority;

    private TestCertificates(X509Certificate2 authority, string directory)
    {
        _authority = authority;
        Directory = directory;
        AuthorityPath = Path.Combine(directory, "ca.crt");
        File.WriteAllText(AuthorityPath, authority.ExportCertificatePem());
    }

    /// <summary>Where the PEM files are written.</summary>
    public string Directory { get; }

    /// <summary>The authority's certificate (PEM), to trust in clients (<c>curl --cacert</c>, <c>caCertificates</c>).</summary>
    public string AuthorityPath { get; }

    /// <summary>The authority's certificate, to trust in .NET clients.</summary>
    public X509Certificate2 Authority => _authority;

    /// <summary>Creates an authority writing its files into <paramref name="directory"/>.</summary>
    public static TestCertificates Create(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=MeshLib Test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        var authority = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return new TestCertificates(authority, directory);
    }

    /// <summary>
    /// Issues a certificate for <paramref name="dnsNames"/> (and 127.0.0.1), writes <c>NAME.crt</c> and <c>NAME.key</c>,
    /// and returns it with its private key, ready for Kestrel or an <c>HttpClientHandler</c>.
    /// </summary>
    public IssuedCertificate Issue(string name, IReadOnlyList<string> dnsNames, bool clientAuthentication = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsNames[0]}", key, HashAlgorithmName.SHA256);
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var dnsName in dnsNames)
        {
            alternativeNames.AddDnsName(dnsName);
        }

        alternativeNames.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(alternativeNames.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usage = new OidCollection { new Oid(clientAuthentication ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1") };
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usage, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(_authority, now.AddDays(-1), now.AddDays(29), serial);
        using var withKey = issued.CopyWithPrivateKey(key);

        var certificatePath = Path.Combine(Directory, name + ".crt");
        var keyPath = Path.Combine(Directory, name + ".key");
        File.WriteAllText(certificatePath, withKey.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());

        // Round-trip through PKCS#12: on Linux a certificate with an ephemeral key cannot serve a TLS handshake.
        var usable = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new IssuedCertificate(usable, certificatePath, keyPath);
    }

    /// <inheritdoc />
    public void Dispose() => _authority.Dispose();
}

/// <summary>A certificate issued by <see cref="TestCertificates"/>, with the PEM files it was written to.</summary>
public sealed record IssuedCertificate(X509Certificate2 Certificate, string CertificatePath, string KeyPath);
