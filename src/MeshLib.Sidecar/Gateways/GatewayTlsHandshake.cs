using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MeshLib.Management;
using MeshLib.Model.Gateways;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace MeshLib.Sidecar.Gateways;

/// <summary>
/// The TLS side of an HTTPS gateway listener, decided per connection from the configuration in force: the client's
/// SNI picks the server (as Envoy's filter chain match), whose certificate is presented and, for MUTUAL and
/// OPTIONAL_MUTUAL, whose CA and rules verify the client. A name no server accepts ends the handshake.
/// </summary>
internal sealed class GatewayTlsHandshake(MeshConfigManager manager, GatewayCertificates certificates, SidecarOptions options)
{
    private static readonly List<SslApplicationProtocol> Alpn = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    /// <summary>Kestrel's per-connection TLS callback for the listener on <paramref name="port"/>.</summary>
    public TlsHandshakeCallbackOptions For(int port) => new()
    {
        OnConnection = context => ValueTask.FromResult(Options(port, context.ClientHelloInfo.ServerName)),
    };

    private SslServerAuthenticationOptions Options(int port, string? serverName)
    {
        var listener = manager.Current.Gateways.Listener(port);
        var server = listener is { TerminatesTls: true } ? listener.SelectServer(serverName) : null;
        if (server is null)
        {
            throw new AuthenticationException($"no gateway server on port {port} accepts the TLS server name \"{serverName}\"");
        }

        var settings = Settings(server);
        var authentication = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificates.Server(settings.CertificatePath, settings.KeyPath),
            EnabledSslProtocols = settings.Protocols,
            ApplicationProtocols = Alpn,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };

        if (settings.VerifiesClients)
        {
            var verifier = new ClientCertificateVerifier(settings, certificates.Authorities(settings.ClientAuthorityPath!));
            authentication.ClientCertificateRequired = true;
            authentication.RemoteCertificateValidationCallback = verifier.Validate;
        }

        return authentication;
    }

    private GatewayTlsSettings Settings(GatewayServerModel server)
    {
        var problems = new List<string>();
        var settings = GatewayTlsResolver.Resolve(server.Resource, server.Config, server.Path, options.GatewayCertificates, (_, path, field, message, isError) =>
        {
            if (isError)
            {
                problems.Add($"{path}.{field}: {message}");
            }
        });

        // The configuration was checked when loaded; a certificate file removed since then fails this handshake only.
        return settings ?? throw new AuthenticationException($"{server.Reference}: {string.Join("; ", problems)}");
    }
}
