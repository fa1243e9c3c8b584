using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeshLib.Tls;

/// <summary>
/// Whether a server certificate carries one of the names a DestinationRule (or ServiceEntry) accepts in
/// <c>subjectAltNames</c>, as Envoy's SAN matchers check them: a DNS SAN equal to the name (ignoring case) or a
/// wildcard DNS SAN covering its first label, an URI SAN (SPIFFE IDs) equal to it, or an IP SAN equal to it.
/// </summary>
internal static class SubjectAltNameMatcher
{
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>Whether <paramref name="certificate"/> has a SAN matching one of <paramref name="accepted"/>.</summary>
    /// <param name="certificate">The server's leaf certificate.</param>
    /// <param name="accepted">The accepted names.</param>
    /// <returns><see langword="true"/> on a match.</returns>
    public static bool MatchesAny(X509Certificate2 certificate, IReadOnlyList<string> accepted)
    {
        if (certificate.Extensions["2.5.29.17"] is not { } extension)
        {
            return false;
        }

        var names = new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
        foreach (var name in accepted)
        {
            if (Matches(names, extension.RawData, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the DNS SAN <paramref name="dnsName"/> (possibly <c>*.example.com</c>) covers <paramref name="name"/>.</summary>
    /// <param name="dnsName">The certificate's DNS name.</param>
    /// <param name="name">The accepted name.</param>
    /// <returns><see langword="true"/> on a match.</returns>
    public static bool DnsNameMatches(string dnsName, string name)
    {
        if (string.Equals(dnsName, name, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // A wildcard stands for exactly one non-empty label.
        if (!dnsName.StartsWith("*.", StringComparison.Ordinal))
        {
            return false;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && string.Equals(dnsName[1..], name[dot..], StringComparison.OrdinalIgnoreCase);
    }

    private static bool Matches(X509SubjectAlternativeNameExtension names, byte[] rawData, string name)
    {
        foreach (var dnsName in names.EnumerateDnsNames())
        {
            if (DnsNameMatches(dnsName, name))
            {
                return true;
            }
        }

        if (IPAddress.TryParse(name, out var address))
        {
            foreach (var ip in names.EnumerateIPAddresses())
            {
                if (ip.Equals(address))
                {
                    return true;
                }
            }
        }

        foreach (var uri in Uris(rawData))
        {
            if (string.Equals(uri, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // X509SubjectAlternativeNameExtension enumerates DNS names and IP addresses only; URIs (SPIFFE IDs) are read here.
    private static List<string> Uris(byte[] rawData)
    {
        var uris = new List<string>();
        try
        {
            var names = new AsnReader(rawData, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                if (names.PeekTag().HasSameClassAndValue(UriTag))
                {
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (Exception exception) when (exception is AsnContentException or CryptographicException)
        {
            // A malformed extension offers no URI to match.
        }

        return uris;
    }
}
