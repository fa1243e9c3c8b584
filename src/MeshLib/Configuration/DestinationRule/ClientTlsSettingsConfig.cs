namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>ClientTLSSettings</c>: TLS settings for connections to the upstream.</summary>
public sealed record ClientTlsSettingsConfig : ConfigElement
{
    /// <summary>How TLS is used upstream; unset lets auto-mTLS decide.</summary>
    public ClientTlsMode? Mode { get; init; }

    /// <summary>Path to the client certificate; required for MUTUAL unless credentialName is set.</summary>
    public string? ClientCertificate { get; init; }

    /// <summary>Path to the client private key; required for MUTUAL unless credentialName is set.</summary>
    public string? PrivateKey { get; init; }

    /// <summary>Path to CA certificates for verifying the server; default the OS CAs.</summary>
    public string? CaCertificates { get; init; }

    /// <summary>Secret holding the client certificate, key and CA; excludes the file fields.</summary>
    public string? CredentialName { get; init; }

    /// <summary>Accepted server certificate SANs; overrides ServiceEntry SANs; default checks the request host.</summary>
    public EquatableList<string>? SubjectAltNames { get; init; }

    /// <summary>SNI presented in the handshake; default the request host for SIMPLE and MUTUAL.</summary>
    public string? Sni { get; init; }

    /// <summary>Skip verifying the server certificate's CA and SAN (BoolValue); default false.</summary>
    public bool? InsecureSkipVerify { get; init; }

    /// <summary>Path to a certificate revocation list; default none.</summary>
    public string? CaCrl { get; init; }
}
