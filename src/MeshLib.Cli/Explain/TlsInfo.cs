namespace MeshLib.Cli.Explain;

/// <summary>A cluster's upstream TLS settings (DestinationRule <c>tls</c>).</summary>
/// <param name="Mode"><c>DISABLE</c>, <c>SIMPLE</c>, <c>MUTUAL</c> or <c>ISTIO_MUTUAL</c>.</param>
/// <param name="Sni">The SNI, or null.</param>
/// <param name="CredentialName">The credential name, or null.</param>
/// <param name="ClientCertificate">The client certificate file, or null.</param>
/// <param name="CaCertificates">The CA certificates file, or null.</param>
/// <param name="SubjectAltNames">The accepted subject alternative names.</param>
/// <param name="InsecureSkipVerify">Whether server certificate verification is skipped.</param>
internal sealed record TlsInfo(
    string Mode,
    string? Sni,
    string? CredentialName,
    string? ClientCertificate,
    string? CaCertificates,
    IReadOnlyList<string> SubjectAltNames,
    bool InsecureSkipVerify);
