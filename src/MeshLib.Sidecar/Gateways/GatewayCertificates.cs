using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeshLib.Sidecar.Gateways;

/// <summary>
/// The PEM certificates gateway servers use, loaded once and loaded again when a file changes (certificate rotation
/// takes effect on the next handshake, as with Istio's SDS). Thread-safe.
/// </summary>
internal sealed class GatewayCertificates : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Certificate, string Key), Loaded<SslStreamCertificateContext>> _servers = [];
    private readonly Dictionary<string, Loaded<X509Certificate2Collection>> _authorities = new(StringComparer.Ordinal);

    /// <summary>Loads a certificate (the leaf first, then intermediates sent with it) and its key, or says why it cannot.</summary>
    /// <returns>Null when the pair loads; otherwise what is wrong.</returns>
    public static string? Problem(string certificatePath, string keyPath)
    {
        try
        {
            LoadServer(certificatePath, keyPath).TargetCertificate.Dispose();
            return null;
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return $"cannot load the certificate {certificatePath} with the key {keyPath}: {exception.Message}";
        }
    }

    /// <summary>Loads CA certificates, or says why it cannot.</summary>
    /// <returns>Null when at least one certificate loads; otherwise what is wrong.</returns>
    public static string? AuthorityProblem(string path)
    {
        try
        {
            var authorities = LoadAuthorities(path);
            var count = authorities.Count;
            foreach (var authority in authorities)
            {
                authority.Dispose();
            }

            return count > 0 ? null : $"no PEM certificate in {path}";
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return $"cannot load the CA certificates {path}: {exception.Message}";
        }
    }

    /// <summary>The server certificate context for a PEM pair.</summary>
    public SslStreamCertificateContext Server(string certificatePath, string keyPath)
    {
        var stamp = Stamp(certificatePath, keyPath);
        lock (_gate)
        {
            if (_servers.TryGetValue((certificatePath, keyPath), out var cached) && cached.Stamp == stamp)
            {
                return cached.Value;
            }
        }

        var context = LoadServer(certificatePath, keyPath);
        lock (_gate)
        {
            // Kept, not disposed, when replaced: handshakes in progress may still use the previous one.
            _servers[(certificatePath, keyPath)] = new Loaded<SslStreamCertificateContext>(stamp, context);
        }

        return context;
    }

    /// <summary>The CA certificates in a PEM file.</summary>
    public X509Certificate2Collection Authorities(string path)
    {
        var stamp = Stamp(path, path);
        lock (_gate)
        {
            if (_authorities.TryGetValue(path, out var cached) && cached.Stamp == stamp)
            {
                return cached.Value;
            }
        }

        var authorities = LoadAuthorities(path);
        lock (_gate)
        {
            _authorities[path] = new Loaded<X509Certificate2Collection>(stamp, authorities);
        }

        return authorities;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var loaded in _servers.Values)
            {
                loaded.Value.TargetCertificate.Dispose();
            }

            foreach (var loaded in _authorities.Values)
            {
                foreach (var authority in loaded.Value)
                {
                    authority.Dispose();
                }
            }

            _servers.Clear();
            _authorities.Clear();
        }
    }

    private static SslStreamCertificateContext LoadServer(string certificatePath, string keyPath)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificatePath);
        if (chain.Count == 0)
        {
            throw new CryptographicException($"no PEM certificate in {certificatePath}");
        }

        // The file's leaf is paired with the key below; the certificates after it are intermediates sent along.
        chain[0].Dispose();
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

        // Through PKCS#12: a certificate whose key was loaded from PEM is ephemeral, which TLS servers cannot always use.
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        return SslStreamCertificateContext.Create(certificate, [.. chain.Skip(1)], offline: true);
    }

    private static X509Certificate2Collection LoadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(path);
        return authorities;
    }

    private static (DateTime, DateTime) Stamp(string first, string second) => (File.GetLastWriteTimeUtc(first), File.GetLastWriteTimeUtc(second));

    private sealed record Loaded<T>(
        (DateTime, DateTime) Stamp,
        T Value);
}
