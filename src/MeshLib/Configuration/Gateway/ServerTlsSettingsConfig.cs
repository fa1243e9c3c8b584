namespace MeshLib.Configuration.Gateway;

/// <summary>Istio <c>ServerTLSSettings</c>: how a gateway server terminates or passes TLS.</summary>
public sealed record ServerTlsSettingsConfig : ConfigElement
{
    /// <summary>Answer plain HTTP requests with a 301 redirect to HTTPS; default: false.</summary>
    public bool? HttpsRedirect { get; init; }

    /// <summary>TLS mode of the server; default: PASSTHROUGH.</summary>
    public ServerTlsMode? Mode { get; init; }

    /// <summary>Path to the server certificate (PEM); default: none.</summary>
    public string? ServerCertificate { get; init; }

    /// <summary>Path to the server private key (PEM); default: none.</summary>
    public string? PrivateKey { get; init; }

    /// <summary>Path to CA certificates that verify client certificates; default: none.</summary>
    public string? CaCertificates { get; init; }

    /// <summary>Path to the certificate revocation list for client certificates; default: none.</summary>
    public string? CaCrl { get; init; }

    /// <summary>Name of the secret holding the server certificate and key; default: none.</summary>
    public string? CredentialName { get; init; }

    /// <summary>Names of up to two secrets holding certificates of different key types; default: none.</summary>
    public EquatableList<string>? CredentialNames { get; init; }

    /// <summary>Up to two inline certificate/key sets of different key types; default: none.</summary>
    public EquatableList<ServerTlsCertificateConfig>? TlsCertificates { get; init; }

    /// <summary>Name of the secret or config map holding CA certificates for mutual TLS; default: none.</summary>
    public string? CaCertCredentialName { get; init; }

    /// <summary>Allowed subject alternative names of client certificates; default: any.</summary>
    public EquatableList<string>? SubjectAltNames { get; init; }

    /// <summary>Allowed base64 SHA-256 SPKI hashes of client certificates; default: any.</summary>
    public EquatableList<string>? VerifyCertificateSpki { get; init; }

    /// <summary>Allowed hex SHA-256 hashes of client certificates; default: any.</summary>
    public EquatableList<string>? VerifyCertificateHash { get; init; }

    /// <summary>Minimum TLS version; default: TLS_AUTO (TLS 1.2).</summary>
    public TlsProtocol? MinProtocolVersion { get; init; }

    /// <summary>Maximum TLS version; default: TLS_AUTO (TLS 1.3).</summary>
    public TlsProtocol? MaxProtocolVersion { get; init; }

    /// <summary>Allowed cipher suites; default: the proxy's defaults.</summary>
    public EquatableList<string>? CipherSuites { get; init; }
}
