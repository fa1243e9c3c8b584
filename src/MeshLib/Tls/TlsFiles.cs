using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeshLib.Tls;

/// <summary>
/// Reads and checks the PEM files a DestinationRule's <c>tls</c> block names. Validation reports what these return;
/// compilation reads the same files again to put their contents into the cluster model.
/// </summary>
/// <remarks>Paths are used as written: a relative path is relative to the process's working directory, as Envoy's are.</remarks>
internal static class TlsFiles
{
    /// <summary>Reads a whole text file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">Its contents, when it could be read.</param>
    /// <param name="problem">Why it could not, naming the file.</param>
    /// <returns><see langword="true"/> when the file was read.</returns>
    public static bool TryRead(string path, out string text, out string problem)
    {
        try
        {
            text = File.ReadAllText(path);
            problem = string.Empty;
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            text = string.Empty;
            problem = exception switch
            {
                FileNotFoundException or DirectoryNotFoundException => $"cannot read \"{path}\": no such file",
                UnauthorizedAccessException => $"cannot read \"{path}\": permission denied",
                _ => $"cannot read \"{path}\": {exception.Message}",
            };
            return false;
        }
    }

    /// <summary>Checks that <paramref name="pem"/> holds at least one certificate.</summary>
    /// <param name="path">The file it came from, for the message.</param>
    /// <param name="pem">The file's contents.</param>
    /// <returns>The problem, or null.</returns>
    public static string? CheckCertificates(string path, string pem)
    {
        try
        {
            return ReadCertificates(pem).Count == 0 ? $"\"{path}\" holds no PEM certificate" : null;
        }
        catch (CryptographicException exception)
        {
            return $"\"{path}\" is not a valid PEM certificate: {exception.Message}";
        }
    }

    /// <summary>Checks that the certificate and key files hold a certificate and its private key.</summary>
    /// <param name="keyPath">The key file, for the message.</param>
    /// <param name="certificatePem">The certificate file's contents.</param>
    /// <param name="keyPem">The key file's contents.</param>
    /// <returns>The problem, or null.</returns>
    public static string? CheckKeyPair(string keyPath, string certificatePem, string keyPem)
    {
        try
        {
            using var pair = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            return null;
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            // A key of another certificate is an ArgumentException; an unreadable one a CryptographicException.
            return $"\"{keyPath}\" is not the PEM private key of the client certificate: {exception.Message}";
        }
    }

    /// <summary>Every certificate in a PEM text, in order.</summary>
    /// <param name="pem">PEM text.</param>
    /// <returns>A new collection the caller owns.</returns>
    /// <exception cref="CryptographicException">A certificate block is malformed.</exception>
    public static X509Certificate2Collection ReadCertificates(string pem)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        return certificates;
    }
}
