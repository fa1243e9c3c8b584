using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeshLib.Tls;

/// <summary>
/// The TLS client of one cluster, built once from its <see cref="UpstreamTlsSettings"/>: the client certificate, the
/// trust roots and the server-certificate check. HTTP clusters hand it to <see cref="SocketsHttpHandler"/>; the
/// handshake itself is done by <see cref="AuthenticateAsync"/> where the handler cannot do it (an explicit SNI, TCP).
/// </summary>
/// <remarks>
/// <see cref="SocketsHttpHandler"/> always sends the request's <c>Host</c> as SNI (it overwrites
/// <see cref="SslClientAuthenticationOptions.TargetHost"/>), which is Istio's auto SNI. A DestinationRule <c>sni</c>
/// therefore makes the connect callback do the handshake and the attempt travel as <c>http://</c> over the encrypted
/// stream; HTTP/2 requests then carry <c>:scheme: http</c>.
/// </remarks>
internal sealed class UpstreamTlsClient : IDisposable
{
    private static readonly List<SslApplicationProtocol> Http2 = [SslApplicationProtocol.Http2];
    private static readonly List<SslApplicationProtocol> Http11 = [SslApplicationProtocol.Http11];

    private readonly X509Certificate2Collection? _trustRoots;
    private readonly X509Certificate2? _clientCertificate;
    private readonly X509Certificate2Collection? _intermediates;
    private readonly SslStreamCertificateContext? _clientContext;
    private readonly string? _problem;

    /// <summary>Loads the certificates of <paramref name="settings"/>; a certificate that does not load fails every handshake.</summary>
    /// <param name="settings">The cluster's TLS settings.</param>
    public UpstreamTlsClient(UpstreamTlsSettings settings)
    {
        Settings = settings;
        _problem = settings.Problem is { } problem ? UpstreamTlsException.Prefix + problem : null;
        try
        {
            if (settings.CaCertificatesPem is { } ca)
            {
                _trustRoots = TlsFiles.ReadCertificates(ca);
            }

            if (settings.ClientCertificatePem is { } certificate && settings.PrivateKeyPem is { } key)
            {
                using var pair = X509Certificate2.CreateFromPem(certificate, key);

                // Through PKCS#12: on Linux a certificate with an ephemeral key cannot take part in a handshake.
                _clientCertificate = X509CertificateLoader.LoadPkcs12(pair.Export(X509ContentType.Pkcs12), null);

                // Certificates after the first in the file are the chain to send with it.
                _intermediates = TlsFiles.ReadCertificates(certificate);
                _intermediates[0].Dispose();
                _intermediates.RemoveAt(0);
                _clientContext = SslStreamCertificateContext.Create(_clientCertificate, _intermediates, offline: true);
            }
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            // Validation parsed the same files; only a change between validation and compilation lands here.
            _problem ??= $"{UpstreamTlsException.Prefix}cannot load the certificates: {exception.Message}";
        }
    }

    /// <summary>The settings this client applies.</summary>
    public UpstreamTlsSettings Settings { get; }

    /// <summary>
    /// Whether the HTTP transport's connect callback does the handshake (an explicit SNI) rather than
    /// <see cref="SocketsHttpHandler"/>.
    /// </summary>
    public bool HandshakeInConnectCallback => Settings.Sni is not null;

    /// <summary>The scheme of HTTP attempts: <c>https://</c> when <see cref="SocketsHttpHandler"/> does the handshake.</summary>
    public string AttemptScheme => HandshakeInConnectCallback ? "http://" : "https://";

    /// <summary>
    /// The options for <see cref="SocketsHttpHandler.SslOptions"/>: the handler sends the request's host as SNI, and
    /// without <c>subjectAltNames</c> the certificate must match that host (Istio's auto SAN validation).
    /// </summary>
    /// <returns>New options.</returns>
    public SslClientAuthenticationOptions CreateHandlerOptions() => CreateOptions(targetHost: null, verifyHostName: true);

    /// <summary>
    /// Does the handshake over <paramref name="transport"/> with <see cref="UpstreamTlsSettings.Sni"/> (none when unset).
    /// Without <c>subjectAltNames</c> only the chain is checked, as Istio configures Envoy when it does not set auto SNI.
    /// </summary>
    /// <param name="transport">The connected stream; owned by the returned stream, and disposed on failure.</param>
    /// <param name="protocols">The ALPN protocols to offer, or null for none.</param>
    /// <param name="cancellationToken">Cancels the handshake (the connect timeout).</param>
    /// <returns>The encrypted stream.</returns>
    /// <exception cref="UpstreamTlsException">The handshake failed or the server certificate was refused.</exception>
    public async ValueTask<SslStream> AuthenticateAsync(Stream transport, List<SslApplicationProtocol>? protocols, CancellationToken cancellationToken)
    {
        var stream = new SslStream(transport, leaveInnerStreamOpen: false);
        try
        {
            var options = CreateOptions(Settings.Sni ?? string.Empty, verifyHostName: false);
            options.ApplicationProtocols = protocols;
            await stream.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException && exception is not UpstreamTlsException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new UpstreamTlsException(UpstreamTlsException.Prefix + exception.Message, exception);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The ALPN protocols for an HTTP connection opened for <paramref name="request"/>: <c>h2</c> when it goes as HTTP/2.</summary>
    /// <param name="request">The request the connection is opened for.</param>
    /// <returns>The protocols.</returns>
    public static List<SslApplicationProtocol> HttpProtocolsFor(HttpRequestMessage request) =>
        request.Version.Major >= 2 && request.VersionPolicy != HttpVersionPolicy.RequestVersionOrLower ? Http2 : Http11;

    public void Dispose()
    {
        _clientCertificate?.Dispose();
        DisposeAll(_intermediates);
        DisposeAll(_trustRoots);
    }

    private static void DisposeAll(X509Certificate2Collection? certificates)
    {
        foreach (var certificate in certificates ?? [])
        {
            certificate.Dispose();
        }
    }

    private SslClientAuthenticationOptions CreateOptions(string? targetHost, bool verifyHostName)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            ClientCertificateContext = _clientContext,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => Verify(sender, certificate, chain, errors, verifyHostName),
        };

        if (_trustRoots is not null)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(_trustRoots);
            options.CertificateChainPolicy = policy;
        }

        return options;
    }

    // Throws rather than returning false, so that the caller's 503 can say why (Envoy's transport failure reason).
    private bool Verify(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, bool verifyHostName)
    {
        if (_problem is not null)
        {
            throw new UpstreamTlsException(_problem);
        }

        if (Settings.InsecureSkipVerify)
        {
            return true;
        }

        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            throw UpstreamTlsException.VerifyFailed("the server sent no certificate");
        }

        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            throw UpstreamTlsException.VerifyFailed($"certificate chain: {ChainStatus(chain)}");
        }

        if (Settings.SubjectAltNames.Count > 0)
        {
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return SubjectAltNameMatcher.MatchesAny(leaf, Settings.SubjectAltNames)
                ? true
                : throw UpstreamTlsException.VerifyFailed($"no subject alternative name matches {string.Join(", ", Settings.SubjectAltNames)}");
        }

        if (verifyHostName && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            throw UpstreamTlsException.VerifyFailed($"the certificate does not match host \"{(sender as SslStream)?.TargetHostName}\"");
        }

        return true;
    }

    private static string ChainStatus(X509Chain? chain)
    {
        var flags = X509ChainStatusFlags.NoError;
        foreach (var status in chain?.ChainStatus ?? [])
        {
            flags |= status.Status;
        }

        return flags == X509ChainStatusFlags.NoError ? "not trusted" : flags.ToString();
    }
}
