using System.Formats.Asn1;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MeshLib.Configuration.Gateway;

namespace MeshLib.Sidecar.Gateways;

/// <summary>
/// Envoy's client certificate validation for MUTUAL and OPTIONAL_MUTUAL servers: the certificate must chain to one
/// of the configured CAs; with <c>subjectAltNames</c> it must carry one of them (DNS, URI, email or IP); with
/// <c>verifyCertificateHash</c> or <c>verifyCertificateSpki</c> its fingerprint or public key hash must be listed.
/// OPTIONAL_MUTUAL lets a client without a certificate in; MUTUAL does not.
/// </summary>
internal sealed class ClientCertificateVerifier(GatewayTlsSettings settings, X509Certificate2Collection authorities)
{
    private const string SubjectAltNameOid = "2.5.29.17";

    /// <summary>The <see cref="RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return settings.Mode == ServerTlsMode.OptionalMutual;
        }

        var leaf = certificate as X509Certificate2;
        using var copy = leaf is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        leaf ??= copy!;
        return ChainsToAuthority(leaf, chain) && HasListedName(leaf) && HasListedHash(leaf);
    }

    private bool ChainsToAuthority(X509Certificate2 leaf, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }

    private bool HasListedName(X509Certificate2 leaf)
    {
        if (settings.SubjectAltNames.Count == 0)
        {
            return true;
        }

        foreach (var name in SubjectAltNames(leaf))
        {
            if (settings.SubjectAltNames.Contains(name, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasListedHash(X509Certificate2 leaf)
    {
        if (settings.CertificateHashes.Count == 0 && settings.SpkiHashes.Count == 0)
        {
            return true;
        }

        var fingerprint = Convert.ToHexString(SHA256.HashData(leaf.RawData));
        foreach (var hash in settings.CertificateHashes)
        {
            if (string.Equals(hash.Replace(":", string.Empty, StringComparison.Ordinal), fingerprint, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        var spki = Convert.ToBase64String(SHA256.HashData(leaf.PublicKey.ExportSubjectPublicKeyInfo()));
        return settings.SpkiHashes.Contains(spki, StringComparer.Ordinal);
    }

    /// <summary>The certificate's DNS, URI, email and IP subject alternative names (RFC 5280 GeneralNames).</summary>
    private static List<string> SubjectAltNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAltNameOid)
            {
                continue;
            }

            var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific)
                {
                    sequence.ReadEncodedValue();
                    continue;
                }

                switch (tag.TagValue)
                {
                    case 1 or 2 or 6:
                        names.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                        break;
                    case 7:
                        names.Add(new IPAddress(sequence.ReadOctetString(tag)).ToString());
                        break;
                    default:
                        sequence.ReadEncodedValue();
                        break;
                }
            }
        }

        return names;
    }
}
