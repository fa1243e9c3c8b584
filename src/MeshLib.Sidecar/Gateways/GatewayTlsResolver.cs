using System.Security.Authentication;
using MeshLib.Configuration;
using MeshLib.Configuration.Gateway;
using MeshLib.Configuration.Resources;

namespace MeshLib.Sidecar.Gateways;

/// <summary>
/// Turns a terminating HTTPS server's <c>tls</c> block into files and rules. Certificates come from
/// <c>credentialName</c> (<c>NAME.crt</c> and <c>NAME.key</c> in <c>--gateway-certs</c>; for mutual TLS the client CA
/// is <c>NAME-cacert.crt</c>, Istio's separate CA secret name), from one <c>credentialNames</c> or
/// <c>tlsCertificates</c> entry, or from <c>serverCertificate</c>/<c>privateKey</c>/<c>caCertificates</c> paths
/// (relative ones from the configuration file's directory). What MeshLib.Sidecar cannot do is reported, never ignored.
/// </summary>
internal static class GatewayTlsResolver
{
    /// <summary>Receives one problem: the element and field it concerns (under <paramref name="path"/>), and whether it is an error.</summary>
    public delegate void Report(ConfigElement owner, string path, string field, string message, bool isError);

    /// <summary>The TLS settings of <paramref name="server"/>, or null when it has an error (reported).</summary>
    /// <param name="resource">The Gateway.</param>
    /// <param name="server">A server that terminates TLS.</param>
    /// <param name="serverPath">The server's path, <c>spec.servers[N]</c>.</param>
    /// <param name="certificatesDirectory">The <c>--gateway-certs</c> directory, if given.</param>
    /// <param name="report">Where problems go.</param>
    public static GatewayTlsSettings? Resolve(MeshResource resource, ServerConfig server, string serverPath, string? certificatesDirectory, Report report)
    {
        var tls = server.Tls!;
        var path = serverPath + ".tls";
        var errors = 0;
        void Error(ConfigElement owner, string field, string message, string at)
        {
            errors++;
            report(owner, at, field, message, isError: true);
        }

        var mode = tls.Mode ?? ServerTlsMode.Passthrough;
        if (mode is not (ServerTlsMode.Simple or ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual))
        {
            Error(tls, "mode", $"{ModeName(mode)} is not supported by MeshLib.Sidecar, which terminates TLS with certificate files: use SIMPLE, MUTUAL or OPTIONAL_MUTUAL", path);
            return null;
        }

        var verifiesClients = mode != ServerTlsMode.Simple;
        foreach (var (set, field) in new[] { (tls.CaCrl, "caCrl"), (tls.CaCertCredentialName, "caCertCredentialName") })
        {
            if (!string.IsNullOrEmpty(set))
            {
                Error(tls, field, $"{field} is not supported by MeshLib.Sidecar", path);
            }
        }

        if (tls.CipherSuites is { Count: > 0 })
        {
            Error(tls, "cipherSuites", "cipherSuites is not supported by MeshLib.Sidecar: the platform's TLS 1.2/1.3 cipher suites are used", path);
        }

        if (!verifiesClients)
        {
            foreach (var (list, field) in new[] { (tls.SubjectAltNames, "subjectAltNames"), (tls.VerifyCertificateHash, "verifyCertificateHash"), (tls.VerifyCertificateSpki, "verifyCertificateSpki") })
            {
                if (list is { Count: > 0 })
                {
                    report(tls, path, field, $"{field} has no effect with SIMPLE TLS, which asks for no client certificate", isError: false);
                }
            }
        }

        var protocols = Protocols(tls, path, Error);
        var directory = SourceDirectory(resource);
        string? certificate = null;
        string? key = null;
        string? authority = null;
        ConfigElement owner = tls;
        var certificateField = "serverCertificate";
        var keyField = "privateKey";
        ConfigElement authorityOwner = tls;
        var authorityField = "caCertificates";
        var authorityPath = path;
        var credential = tls.CredentialName;
        if (tls.CredentialNames is { Count: > 0 } names)
        {
            if (names.Count > 1)
            {
                Error(tls, "credentialNames", "more than one credential is not supported by MeshLib.Sidecar: give one credentialName", path);
            }

            credential = names[0];
        }

        if (!string.IsNullOrEmpty(credential))
        {
            certificateField = keyField = tls.CredentialNames is { Count: > 0 } ? "credentialNames" : "credentialName";
            if (certificatesDirectory is null)
            {
                Error(tls, certificateField, $"credential \"{credential}\" needs --gateway-certs DIR: MeshLib.Sidecar reads {credential}.crt and {credential}.key there", path);
                return null;
            }

            certificate = Path.Combine(certificatesDirectory, credential + ".crt");
            key = Path.Combine(certificatesDirectory, credential + ".key");
            if (verifiesClients)
            {
                authority = Path.Combine(certificatesDirectory, credential + "-cacert.crt");
                authorityField = certificateField;
            }
        }
        else if (tls.TlsCertificates is { Count: > 0 } pairs)
        {
            if (pairs.Count > 1)
            {
                Error(tls, "tlsCertificates", "more than one certificate is not supported by MeshLib.Sidecar: give one tlsCertificates entry", path);
            }

            owner = pairs[0];
            path = path + ".tlsCertificates[0]";
            certificate = Relative(directory, pairs[0].ServerCertificate);
            key = Relative(directory, pairs[0].PrivateKey);
            authority = Relative(directory, pairs[0].CaCertificates);
            authorityOwner = pairs[0];
            authorityPath = path;
        }
        else
        {
            certificate = Relative(directory, tls.ServerCertificate);
            key = Relative(directory, tls.PrivateKey);
        }

        // An explicit caCertificates wins over the credential's CA file.
        if (verifiesClients && !string.IsNullOrEmpty(tls.CaCertificates))
        {
            authority = Relative(directory, tls.CaCertificates);
            authorityOwner = tls;
            authorityField = "caCertificates";
            authorityPath = serverPath + ".tls";
        }

        if (certificate is null || key is null || (verifiesClients && authority is null))
        {
            // Istio's validation has already reported the missing certificate, key or CA.
            return null;
        }

        if (!File.Exists(certificate))
        {
            Error(owner, certificateField, $"the server certificate {certificate} does not exist", path);
        }

        if (!File.Exists(key))
        {
            Error(owner, keyField, $"the private key {key} does not exist", path);
        }

        if (verifiesClients && !File.Exists(authority))
        {
            Error(authorityOwner, authorityField, $"{ModeName(mode)} TLS needs the client CA certificates: {authority} does not exist", authorityPath);
        }

        if (errors > 0)
        {
            return null;
        }

        return new GatewayTlsSettings(
            mode,
            certificate,
            key,
            verifiesClients ? authority : null,
            protocols,
            verifiesClients ? tls.SubjectAltNames ?? [] : [],
            verifiesClients ? tls.VerifyCertificateHash ?? [] : [],
            verifiesClients ? tls.VerifyCertificateSpki ?? [] : []);
    }

    /// <summary>The mode as written in YAML.</summary>
    public static string ModeName(ServerTlsMode mode) => mode switch
    {
        ServerTlsMode.Passthrough => "PASSTHROUGH",
        ServerTlsMode.Simple => "SIMPLE",
        ServerTlsMode.Mutual => "MUTUAL",
        ServerTlsMode.AutoPassthrough => "AUTO_PASSTHROUGH",
        ServerTlsMode.IstioMutual => "ISTIO_MUTUAL",
        ServerTlsMode.OptionalMutual => "OPTIONAL_MUTUAL",
        _ => mode.ToString(),
    };

    // Istio's defaults: TLS 1.2 to 1.3. TLS 1.0 and 1.1 are refused: the platform's TLS library has them off.
    private static SslProtocols Protocols(ServerTlsSettingsConfig tls, string path, Action<ConfigElement, string, string, string> error)
    {
        var minimum = tls.MinProtocolVersion is null or TlsProtocol.TlsAuto ? TlsProtocol.TlsV12 : tls.MinProtocolVersion.Value;
        var maximum = tls.MaxProtocolVersion is null or TlsProtocol.TlsAuto ? TlsProtocol.TlsV13 : tls.MaxProtocolVersion.Value;
        foreach (var (version, field) in new[] { (minimum, "minProtocolVersion"), (maximum, "maxProtocolVersion") })
        {
            if (version is TlsProtocol.TlsV10 or TlsProtocol.TlsV11)
            {
                error(tls, field, $"{(version == TlsProtocol.TlsV10 ? "TLSV1_0" : "TLSV1_1")} is not supported by MeshLib.Sidecar: TLSV1_2 and TLSV1_3 are", path);
                return SslProtocols.None;
            }
        }

        if (minimum > maximum)
        {
            error(tls, "minProtocolVersion", "minProtocolVersion is above maxProtocolVersion: no TLS version is left", path);
            return SslProtocols.None;
        }

        // None is the platform's choice, which is TLS 1.2 and 1.3: exactly Istio's default range.
        if (minimum == TlsProtocol.TlsV13)
        {
            return SslProtocols.Tls13;
        }

        return maximum == TlsProtocol.TlsV12 ? SslProtocols.Tls12 : SslProtocols.None;
    }

    private static string? SourceDirectory(MeshResource resource) =>
        resource.Source?.File is { Length: > 0 } file && File.Exists(file) ? Path.GetDirectoryName(Path.GetFullPath(file)) : null;

    private static string? Relative(string? directory, string? file)
    {
        if (string.IsNullOrEmpty(file))
        {
            return null;
        }

        return Path.IsPathRooted(file) || directory is null ? Path.GetFullPath(file) : Path.GetFullPath(Path.Combine(directory, file));
    }
}
