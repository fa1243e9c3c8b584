namespace MeshLib.Configuration.Gateway;

/// <summary>Istio <c>ServerTLSSettings.TLSCertificate</c>: one inline certificate, key and CA set.</summary>
public sealed record ServerTlsCertificateConfig : ConfigElement
{
    /// <summary>Path to the server certificate (PEM); default: none.</summary>
    public string? ServerCertificate { get; init; }

    /// <summary>Path to the server private key (PEM); default: none.</summary>
    public string? PrivateKey { get; init; }

    /// <summary>Path to CA certificates that verify client certificates; default: none.</summary>
    public string? CaCertificates { get; init; }
}
