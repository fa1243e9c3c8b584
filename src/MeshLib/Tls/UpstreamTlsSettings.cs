using MeshLib.Configuration;
using MeshLib.Configuration.DestinationRule;

namespace MeshLib.Tls;

/// <summary>
/// TLS origination for one cluster, compiled from a DestinationRule <c>tls</c> block in <c>SIMPLE</c> or
/// <c>MUTUAL</c> mode: what the client presents and which server certificates it accepts. The certificate files are
/// read when the configuration is compiled, and their contents take part in equality, so a reload keeps a cluster
/// whose TLS is unchanged and rebuilds one whose certificates changed.
/// </summary>
internal sealed record UpstreamTlsSettings
{
    /// <summary>Whether the client presents a certificate (<c>MUTUAL</c>).</summary>
    public required bool Mutual { get; init; }

    /// <summary>The SNI to send (<c>sni</c>); null sends the request's host, as Istio's auto SNI does.</summary>
    public string? Sni { get; init; }

    /// <summary>
    /// Names the server certificate must carry one of (<c>subjectAltNames</c>, else the ServiceEntry's). Empty means
    /// the certificate is checked against the request's host, unless <see cref="Sni"/> is set (Istio then checks the chain only).
    /// </summary>
    public required EquatableList<string> SubjectAltNames { get; init; }

    /// <summary>Whether the server certificate is accepted without any check (<c>insecureSkipVerify</c>).</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>The <c>caCertificates</c> file; null trusts the operating system's CAs.</summary>
    public string? CaCertificatesPath { get; init; }

    /// <summary>The contents of <see cref="CaCertificatesPath"/>.</summary>
    public string? CaCertificatesPem { get; init; }

    /// <summary>The <c>clientCertificate</c> file (<c>MUTUAL</c>).</summary>
    public string? ClientCertificatePath { get; init; }

    /// <summary>The contents of <see cref="ClientCertificatePath"/>.</summary>
    public string? ClientCertificatePem { get; init; }

    /// <summary>The <c>privateKey</c> file (<c>MUTUAL</c>).</summary>
    public string? PrivateKeyPath { get; init; }

    /// <summary>The contents of <see cref="PrivateKeyPath"/>.</summary>
    public string? PrivateKeyPem { get; init; }

    /// <summary>A certificate file that could not be read when the configuration was compiled; every handshake then fails with it.</summary>
    public string? Problem { get; init; }

    /// <summary>
    /// The settings for a cluster's resolved <c>tls</c> block: null for no block, <c>DISABLE</c>, and
    /// <c>ISTIO_MUTUAL</c> (MeshLib has no Istio CA; validation warns that the connection stays plain text).
    /// </summary>
    /// <param name="tls">The cluster's <c>tls</c> block after Istio's precedence.</param>
    /// <param name="serviceSubjectAltNames">The ServiceEntry's <c>subjectAltNames</c>, used when the block names none.</param>
    /// <returns>The settings, or null for plain text.</returns>
    public static UpstreamTlsSettings? From(ClientTlsSettingsConfig? tls, EquatableList<string>? serviceSubjectAltNames)
    {
        if (tls?.Mode is not (ClientTlsMode.Simple or ClientTlsMode.Mutual))
        {
            return null;
        }

        var mutual = tls.Mode == ClientTlsMode.Mutual;
        var insecure = tls.InsecureSkipVerify ?? false;
        var settings = new UpstreamTlsSettings
        {
            Mutual = mutual,
            Sni = string.IsNullOrEmpty(tls.Sni) ? null : tls.Sni,
            SubjectAltNames = insecure ? [] : tls.SubjectAltNames is { Count: > 0 } names ? names : serviceSubjectAltNames ?? [],
            InsecureSkipVerify = insecure,
        };

        var problems = new List<string>();
        if (!insecure && !string.IsNullOrEmpty(tls.CaCertificates))
        {
            settings = settings with { CaCertificatesPath = tls.CaCertificates, CaCertificatesPem = Read(tls.CaCertificates, problems) };
        }

        if (mutual && !string.IsNullOrEmpty(tls.ClientCertificate) && !string.IsNullOrEmpty(tls.PrivateKey))
        {
            settings = settings with
            {
                ClientCertificatePath = tls.ClientCertificate,
                ClientCertificatePem = Read(tls.ClientCertificate, problems),
                PrivateKeyPath = tls.PrivateKey,
                PrivateKeyPem = Read(tls.PrivateKey, problems),
            };
        }

        return problems.Count == 0 ? settings : settings with { Problem = string.Join("; ", problems) };
    }

    /// <summary>Names the files, never their contents (the private key must not reach a log).</summary>
    /// <returns>A description of the settings.</returns>
    public override string ToString() =>
        $"{(Mutual ? "MUTUAL" : "SIMPLE")} sni={Sni} subjectAltNames={SubjectAltNames} insecureSkipVerify={InsecureSkipVerify} "
        + $"caCertificates={CaCertificatesPath} clientCertificate={ClientCertificatePath} privateKey={PrivateKeyPath}";

    private static string? Read(string path, List<string> problems)
    {
        if (TlsFiles.TryRead(path, out var text, out var problem))
        {
            return text;
        }

        problems.Add(problem);
        return null;
    }
}
