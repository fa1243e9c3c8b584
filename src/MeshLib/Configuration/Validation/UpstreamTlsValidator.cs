using MeshLib.Configuration.DestinationRule;
using MeshLib.Tls;

namespace MeshLib.Configuration.Validation;

/// <summary>
/// What MeshLib can do with a DestinationRule's <c>tls</c> blocks, beyond Istio's own rules
/// (<see cref="DestinationRuleValidator"/>): the certificate files of <c>SIMPLE</c> and <c>MUTUAL</c> must be readable
/// PEM, <c>credentialName</c> (a Kubernetes secret) and <c>caCrl</c> cannot be honoured, and <c>ISTIO_MUTUAL</c>
/// stays plain text because MeshLib has no Istio CA.
/// </summary>
internal static class UpstreamTlsValidator
{
    /// <summary>Checks every <c>tls</c> block of <paramref name="spec"/>: top level, port level, subsets.</summary>
    /// <param name="ctx">Where problems go.</param>
    /// <param name="spec">The DestinationRule spec.</param>
    public static void Validate(ValidationContext ctx, DestinationRuleConfig spec)
    {
        Policy(ctx, spec.TrafficPolicy, "spec.trafficPolicy");
        for (var i = 0; i < (spec.Subsets?.Count ?? 0); i++)
        {
            Policy(ctx, spec.Subsets![i]?.TrafficPolicy, ValidationContext.Join(ValidationContext.Index("spec.subsets", i), "trafficPolicy"));
        }
    }

    private static void Policy(ValidationContext ctx, TrafficPolicyConfig? policy, string path)
    {
        if (policy is null)
        {
            return;
        }

        Tls(ctx, policy.Tls, ValidationContext.Join(path, "tls"));
        for (var i = 0; i < (policy.PortLevelSettings?.Count ?? 0); i++)
        {
            Tls(ctx, policy.PortLevelSettings![i]?.Tls, ValidationContext.Join(ValidationContext.Index(ValidationContext.Join(path, "portLevelSettings"), i), "tls"));
        }
    }

    private static void Tls(ValidationContext ctx, ClientTlsSettingsConfig? tls, string path)
    {
        if (tls is null)
        {
            return;
        }

        switch (tls.Mode)
        {
            case ClientTlsMode.IstioMutual:
                ctx.Warning(tls, path, "mode",
                    "ISTIO_MUTUAL needs certificates issued by Istio's CA, which MeshLib does not have: connections stay plain text "
                    + "(use SIMPLE, or MUTUAL with clientCertificate and privateKey files, to originate TLS)");
                return;
            case ClientTlsMode.Simple or ClientTlsMode.Mutual:
                Originating(ctx, tls, path);
                return;
            default:
                if (HasSettings(tls))
                {
                    ctx.Warning(tls, path, tls.Mode is null ? null : "mode", "mode is DISABLE: connections are plain text and the other tls fields are ignored");
                }

                return;
        }
    }

    private static void Originating(ValidationContext ctx, ClientTlsSettingsConfig tls, string path)
    {
        if (!string.IsNullOrEmpty(tls.CredentialName))
        {
            ctx.Error(tls, path, "credentialName",
                "credentialName names a Kubernetes secret, which MeshLib cannot read: use clientCertificate, privateKey and caCertificates files");
        }

        if (!string.IsNullOrEmpty(tls.CaCrl))
        {
            ctx.Error(tls, path, "caCrl", "certificate revocation lists are not supported by MeshLib: remove caCrl");
        }

        // With insecureSkipVerify Istio already rejects caCertificates; nothing would use the file.
        if (!string.IsNullOrEmpty(tls.CaCertificates) && tls.InsecureSkipVerify != true)
        {
            if (!TlsFiles.TryRead(tls.CaCertificates, out var pem, out var problem))
            {
                ctx.Error(tls, path, "caCertificates", problem);
            }
            else if (TlsFiles.CheckCertificates(tls.CaCertificates, pem) is { } invalid)
            {
                ctx.Error(tls, path, "caCertificates", invalid);
            }
        }

        if (tls.Mode == ClientTlsMode.Simple)
        {
            foreach (var (field, value) in new[] { ("clientCertificate", tls.ClientCertificate), ("privateKey", tls.PrivateKey) })
            {
                if (!string.IsNullOrEmpty(value))
                {
                    ctx.Warning(tls, path, field, $"{field} is used only with MUTUAL: ignored with SIMPLE");
                }
            }

            return;
        }

        // MUTUAL without both files is already Istio's error.
        if (string.IsNullOrEmpty(tls.ClientCertificate) || string.IsNullOrEmpty(tls.PrivateKey))
        {
            return;
        }

        var certificateRead = TlsFiles.TryRead(tls.ClientCertificate, out var certificatePem, out var certificateProblem);
        if (!certificateRead)
        {
            ctx.Error(tls, path, "clientCertificate", certificateProblem);
        }
        else if (TlsFiles.CheckCertificates(tls.ClientCertificate, certificatePem) is { } invalid)
        {
            ctx.Error(tls, path, "clientCertificate", invalid);
            certificateRead = false;
        }

        if (!TlsFiles.TryRead(tls.PrivateKey, out var keyPem, out var keyProblem))
        {
            ctx.Error(tls, path, "privateKey", keyProblem);
        }
        else if (certificateRead && TlsFiles.CheckKeyPair(tls.PrivateKey, certificatePem, keyPem) is { } mismatch)
        {
            ctx.Error(tls, path, "privateKey", mismatch);
        }
    }

    private static bool HasSettings(ClientTlsSettingsConfig tls) =>
        !string.IsNullOrEmpty(tls.ClientCertificate) || !string.IsNullOrEmpty(tls.PrivateKey) || !string.IsNullOrEmpty(tls.CaCertificates)
        || !string.IsNullOrEmpty(tls.CredentialName) || tls.SubjectAltNames is { Count: > 0 } || !string.IsNullOrEmpty(tls.Sni)
        || tls.InsecureSkipVerify is not null || !string.IsNullOrEmpty(tls.CaCrl);
}
