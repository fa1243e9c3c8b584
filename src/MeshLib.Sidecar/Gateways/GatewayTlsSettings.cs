using System.Security.Authentication;
using MeshLib.Configuration.Gateway;

namespace MeshLib.Sidecar.Gateways;

/// <summary>How one gateway server terminates TLS: its certificate files and, for mutual TLS, how clients are verified.</summary>
/// <param name="Mode">SIMPLE, MUTUAL or OPTIONAL_MUTUAL.</param>
/// <param name="CertificatePath">The server certificate (PEM; the leaf first, then any intermediates).</param>
/// <param name="KeyPath">Its private key (PEM).</param>
/// <param name="ClientAuthorityPath">The CA certificates (PEM) client certificates must chain to; null for SIMPLE.</param>
/// <param name="Protocols">The TLS versions allowed.</param>
/// <param name="SubjectAltNames">Client certificates must carry one of these names, when any are given.</param>
/// <param name="CertificateHashes">Client certificates must have one of these SHA-256 fingerprints (hex), or an SPKI hash below, when any are given.</param>
/// <param name="SpkiHashes">Client certificates must have one of these base64 SHA-256 SPKI hashes, or a fingerprint above, when any are given.</param>
internal sealed record GatewayTlsSettings(
    ServerTlsMode Mode,
    string CertificatePath,
    string KeyPath,
    string? ClientAuthorityPath,
    SslProtocols Protocols,
    IReadOnlyList<string> SubjectAltNames,
    IReadOnlyList<string> CertificateHashes,
    IReadOnlyList<string> SpkiHashes)
{
    /// <summary>Whether the server asks for a client certificate.</summary>
    public bool VerifiesClients => Mode is ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual;
}
