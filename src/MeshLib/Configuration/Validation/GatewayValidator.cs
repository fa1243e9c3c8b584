using System.Text;
using MeshLib.Configuration.Gateway;

namespace MeshLib.Configuration.Validation;

/// <summary>
/// Istio's Gateway validation (<c>ValidateGateway</c>, <c>validateServer</c>, <c>validateTLSOptions</c>) plus the
/// CRD rules on TLS credentials, with Istio's messages, reported all at once.
/// </summary>
internal static class GatewayValidator
{
    private const string UnixPrefix = "unix://";

    /// <summary>Validates a Gateway spec and the resource name.</summary>
    /// <param name="ctx">The validation context of the resource.</param>
    /// <param name="spec">The spec.</param>
    public static void Validate(ValidationContext ctx, GatewayConfig spec)
    {
        const string path = "spec";
        var metadata = ctx.Resource.Metadata;
        var name = metadata.Name ?? string.Empty;
        if (!CommonRules.IsDns1123Label(name))
        {
            ctx.Error(metadata, "metadata", "name", $"invalid gateway name: {GoFormat.Quote(name)}");
        }

        if (spec.Servers is not { Count: > 0 } servers)
        {
            ctx.Error(spec, path, "servers", "gateway must have at least one server");
            return;
        }

        var portNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < servers.Count; i++)
        {
            var server = servers[i];
            var serverPath = ValidationContext.Index(ValidationContext.Join(path, "servers"), i);
            if (server is null)
            {
                ctx.Error(spec, serverPath, null, "cannot have nil server");
                continue;
            }

            ValidateServer(ctx, server, serverPath);
            if (server.Port is { } port)
            {
                var portPath = ValidationContext.Join(serverPath, "port");
                var portName = port.Name ?? string.Empty;
                if (!portNames.Add(portName))
                {
                    ctx.Error(port, portPath, "name", $"port names in servers must be unique: duplicate name {portName}");
                }

                if (!IsHttp(Protocol(port.Protocol)) && server.Tls?.HttpsRedirect == true)
                {
                    ctx.Warning(server.Tls, ValidationContext.Join(serverPath, "tls"), "httpsRedirect", "tls.httpsRedirect should only be used with http servers");
                }
            }
        }
    }

    private static void ValidateServer(ValidationContext ctx, ServerConfig server, string path)
    {
        if (server.Hosts is not { Count: > 0 })
        {
            ctx.Error(server, path, "hosts", "server config must contain at least one host");
        }
        else
        {
            foreach (var host in server.Hosts)
            {
                foreach (var message in HostErrors(host ?? string.Empty))
                {
                    ctx.Error(server, path, "hosts", message);
                }
            }
        }

        var portValid = ValidatePort(ctx, server, path);
        ValidateBind(ctx, server, path);
        var tlsPath = ValidationContext.Join(path, "tls");
        ValidateTls(ctx, server.Tls, tlsPath);

        if (!portValid)
        {
            return;
        }

        var protocol = Protocol(server.Port!.Protocol);
        if (IsTls(protocol) && server.Tls is null)
        {
            ctx.Error(server, path, "tls", "server must have TLS settings for HTTPS/TLS protocols");
        }
        else if (!IsTls(protocol) && server.Tls is { } tls)
        {
            if (IsHttp(protocol))
            {
                // Only httpsRedirect is allowed on a plain HTTP server.
                var passthrough = tls.Mode is null or ServerTlsMode.Passthrough or ServerTlsMode.AutoPassthrough;
                if (!passthrough || !string.IsNullOrEmpty(tls.CaCertificates) || !string.IsNullOrEmpty(tls.PrivateKey) || !string.IsNullOrEmpty(tls.ServerCertificate))
                {
                    ctx.Error(server, path, "tls", "server cannot have TLS settings for plain text HTTP ports");
                }
            }
            else
            {
                ctx.Error(server, path, "tls", "server cannot have TLS settings for non HTTPS/TLS ports");
            }
        }
    }

    /// <summary><c>ValidateNamespaceSlashWildcardHostname</c> for gateways: <c>[ns/]host</c>, where ns is <c>*</c>, <c>.</c> or a DNS label.</summary>
    private static IEnumerable<string> HostErrors(string host)
    {
        var slash = host.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            foreach (var message in HostnamePartErrors(host))
            {
                yield return message;
            }

            yield break;
        }

        var ns = host[..slash];
        var name = host[(slash + 1)..];
        if (ns.Length == 0 || name.Length == 0)
        {
            yield return "config namespace and dnsName in host entry cannot be empty";
        }

        if (ns is not ("*" or ".") && !CommonRules.IsDns1123Label(ns))
        {
            yield return $"invalid namespace value {GoFormat.Quote(ns)} in gateway";
        }

        foreach (var message in HostnamePartErrors(name))
        {
            yield return message;
        }
    }

    /// <summary><c>validateSidecarOrGatewayHostnamePart</c>: an FQDN (wildcard prefix allowed) or an IP; no short names or partial wildcards.</summary>
    private static IEnumerable<string> HostnamePartErrors(string host)
    {
        if (host != "*" && !host.Contains('.', StringComparison.Ordinal))
        {
            yield return "short names (non FQDN) are not allowed";
        }

        if (CommonRules.WildcardDomain(host) is { } error && !CommonRules.IsIpAddress(host))
        {
            yield return error;
        }

        if (host.Contains('*', StringComparison.Ordinal) && host.Length != 1 && !host.StartsWith("*.", StringComparison.Ordinal))
        {
            yield return $"partial wildcard {GoFormat.Quote(host)} not allowed";
        }
    }

    /// <summary><c>validateServerPort</c>; returns whether the port has no error.</summary>
    private static bool ValidatePort(ValidationContext ctx, ServerConfig server, string serverPath)
    {
        if (server.Port is not { } port)
        {
            ctx.Error(server, serverPath, "port", "port is required");
            return false;
        }

        var path = ValidationContext.Join(serverPath, "port");
        var valid = true;
        if (Protocol(port.Protocol) == GatewayProtocol.Unsupported)
        {
            ctx.Error(port, path, "protocol", $"invalid protocol {GoFormat.Quote(port.Protocol ?? string.Empty)}, supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP");
            valid = false;
        }

        var number = port.Number ?? 0;
        if (number > 0 || !(server.Bind ?? string.Empty).StartsWith(UnixPrefix, StringComparison.Ordinal))
        {
            if (CommonRules.Port(number) is { } error)
            {
                ctx.Error(port, path, "number", error);
                valid = false;
            }
        }

        if (port.TargetPort is > 0)
        {
            ctx.Error(port, path, "targetPort", "targetPort has no impact on Gateways");
            valid = false;
        }

        if (string.IsNullOrEmpty(port.Name))
        {
            ctx.Error(port, path, "name", $"port name must be set: {ProtoText(port)}");
            valid = false;
        }

        return valid;
    }

    private static void ValidateBind(ValidationContext ctx, ServerConfig server, string path)
    {
        var bind = server.Bind ?? string.Empty;
        if (bind.StartsWith(UnixPrefix, StringComparison.Ordinal))
        {
            var address = bind[UnixPrefix.Length..];
            if (address.Length == 0)
            {
                ctx.Error(server, path, "bind", "unix address must not be empty");
            }
            else if (!address.StartsWith('@') && (!address.StartsWith('/') || address.EndsWith('/')))
            {
                ctx.Error(server, path, "bind", $"{address} is not an absolute path to a file");
            }

            if (server.Port is { Number: > 0 } port)
            {
                ctx.Error(server, path, "bind", $"port number must be 0 for unix domain socket: {ProtoText(port)}");
            }
        }
        else if (bind.Length != 0 && !CommonRules.IsIpAddress(bind))
        {
            ctx.Error(server, path, "bind", $"{bind} is not a valid IP");
        }
    }

    /// <summary><c>validateTLSOptions</c>, with the CRD's one-credential-source rules checked first.</summary>
    private static void ValidateTls(ValidationContext ctx, ServerTlsSettingsConfig? tls, string path)
    {
        if (tls is null)
        {
            return;
        }

        var hasCredentialName = !string.IsNullOrEmpty(tls.CredentialName);
        var hasCredentialNames = tls.CredentialNames is { Count: > 0 };
        var hasTlsCertificates = tls.TlsCertificates is { Count: > 0 };
        var hasCertificate = !string.IsNullOrEmpty(tls.ServerCertificate);
        var hasKey = !string.IsNullOrEmpty(tls.PrivateKey);
        var hasCa = !string.IsNullOrEmpty(tls.CaCertificates);
        var hasCrl = !string.IsNullOrEmpty(tls.CaCrl);

        // The CRD schema rejects these before Istio's own rules run.
        var crdRejected = false;
        if (hasCredentialName && hasCredentialNames)
        {
            ctx.Error(tls, path, "credentialNames", "only one of credentialName or credentialNames can be set");
            crdRejected = true;
        }

        if (hasCredentialNames && hasTlsCertificates)
        {
            ctx.Error(tls, path, "tlsCertificates", "only one of credentialNames or tlsCertificates can be set");
            crdRejected = true;
        }

        if (hasCredentialName && hasTlsCertificates)
        {
            ctx.Error(tls, path, "tlsCertificates", "only one of credentialName or tlsCertificates can be set");
            crdRejected = true;
        }

        if (tls.MinProtocolVersion is TlsProtocol.TlsV10 or TlsProtocol.TlsV11 && tls.CipherSuites is not { Count: > 0 })
        {
            ctx.Warning(tls, path, "minProtocolVersion", "TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers.");
        }

        var mode = tls.Mode ?? ServerTlsMode.Passthrough;
        if (mode == ServerTlsMode.IstioMutual)
        {
            // ISTIO_MUTUAL uses the workload certificate: no other certificate may be given.
            foreach (var (set, field, what) in new[]
            {
                (hasCertificate, "serverCertificate", "server certificate"),
                (hasKey, "privateKey", "private key"),
                (hasCa, "caCertificates", "CA bundle"),
                (hasTlsCertificates, "tlsCertificates", "tlsCertificates"),
                (hasCredentialName, "credentialName", "credentialName"),
                (hasCredentialNames, "credentialNames", "credentialNames"),
            })
            {
                if (set)
                {
                    ctx.Error(tls, path, field, $"ISTIO_MUTUAL TLS cannot have associated {what}");
                }
            }

            return;
        }

        if (mode is ServerTlsMode.Passthrough or ServerTlsMode.AutoPassthrough
            && (hasCrl || hasCertificate || hasKey || hasCa || hasTlsCertificates || hasCredentialName || hasCredentialNames))
        {
            ctx.Warning(tls, path, "mode", $"{ModeName(mode)} mode does not use certificates, they will be ignored");
        }

        var sources = (hasCertificate && hasKey ? 1 : 0) + (hasCredentialName ? 1 : 0) + (hasCredentialNames ? 1 : 0) + (hasTlsCertificates ? 1 : 0);
        if (sources > 1 && !crdRejected)
        {
            ctx.Error(tls, path, null, "only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified");
        }

        var terminates = mode is ServerTlsMode.Simple or ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual;
        if (terminates && (hasCredentialName || hasCredentialNames))
        {
            // Certificates come from the named credential.
            return;
        }

        if (terminates)
        {
            var prefix = mode == ServerTlsMode.Simple ? "SIMPLE TLS" : "MUTUAL TLS";
            if (mode != ServerTlsMode.Simple && !hasCa)
            {
                ctx.Error(tls, path, "caCertificates", $"{prefix} requires a client CA bundle");
            }

            if (tls.TlsCertificates is { Count: > 2 })
            {
                ctx.Warning(tls, path, "tlsCertificates", $"{prefix} can support up to 2 server certificates");
            }

            if (hasTlsCertificates)
            {
                for (var i = 0; i < tls.TlsCertificates!.Count; i++)
                {
                    var certificate = tls.TlsCertificates[i];
                    var certificatePath = ValidationContext.Index(ValidationContext.Join(path, "tlsCertificates"), i);
                    if (string.IsNullOrEmpty(certificate?.ServerCertificate))
                    {
                        ctx.Error(certificate ?? (ConfigElement)tls, certificatePath, certificate is null ? null : "serverCertificate", $"{prefix} requires a server certificate");
                    }

                    if (string.IsNullOrEmpty(certificate?.PrivateKey))
                    {
                        ctx.Error(certificate ?? (ConfigElement)tls, certificatePath, certificate is null ? null : "privateKey", $"{prefix} requires a private key");
                    }
                }
            }
            else
            {
                if (!hasCertificate)
                {
                    ctx.Error(tls, path, "serverCertificate", $"{prefix} requires a server certificate");
                }

                if (!hasKey)
                {
                    ctx.Error(tls, path, "privateKey", $"{prefix} requires a private key");
                }
            }
        }

        if (hasCrl)
        {
            if (hasCredentialName)
            {
                ctx.Error(tls, path, "caCrl", "CRL is not supported with credentialName. CRL has to be specified in the credential");
            }

            if (mode == ServerTlsMode.Simple)
            {
                ctx.Error(tls, path, "caCrl", "CRL is not supported with SIMPLE TLS");
            }
        }
    }

    private static string ModeName(ServerTlsMode mode) => mode switch
    {
        ServerTlsMode.Passthrough => "PASSTHROUGH",
        ServerTlsMode.Simple => "SIMPLE",
        ServerTlsMode.Mutual => "MUTUAL",
        ServerTlsMode.AutoPassthrough => "AUTO_PASSTHROUGH",
        ServerTlsMode.IstioMutual => "ISTIO_MUTUAL",
        ServerTlsMode.OptionalMutual => "OPTIONAL_MUTUAL",
        _ => mode.ToString(),
    };

    /// <summary>The protocols Istio's <c>protocol.Parse</c> knows (case-insensitive).</summary>
    private enum GatewayProtocol
    {
        Unsupported,
        Tcp,
        Udp,
        Grpc,
        GrpcWeb,
        Http,
        HttpProxy,
        Http2,
        Https,
        Tls,
        Mongo,
        Redis,
        MySql,
    }

    private static GatewayProtocol Protocol(string? name) => name?.ToUpperInvariant() switch
    {
        "TCP" => GatewayProtocol.Tcp,
        "UDP" => GatewayProtocol.Udp,
        "GRPC" => GatewayProtocol.Grpc,
        "GRPC-WEB" => GatewayProtocol.GrpcWeb,
        "HTTP" => GatewayProtocol.Http,
        "HTTP_PROXY" => GatewayProtocol.HttpProxy,
        "HTTP2" => GatewayProtocol.Http2,
        "HTTPS" => GatewayProtocol.Https,
        "TLS" => GatewayProtocol.Tls,
        "MONGO" => GatewayProtocol.Mongo,
        "REDIS" => GatewayProtocol.Redis,
        "MYSQL" => GatewayProtocol.MySql,
        _ => GatewayProtocol.Unsupported,
    };

    private static bool IsHttp(GatewayProtocol protocol) =>
        protocol is GatewayProtocol.Http or GatewayProtocol.Http2 or GatewayProtocol.HttpProxy or GatewayProtocol.Grpc or GatewayProtocol.GrpcWeb;

    private static bool IsTls(GatewayProtocol protocol) => protocol is GatewayProtocol.Https or GatewayProtocol.Tls;

    /// <summary>Go's <c>%v</c> of the Port proto message: its set fields in text format.</summary>
    private static string ProtoText(GatewayPortConfig port)
    {
        var parts = new List<string>();
        if (port.Number is { } number and not 0)
        {
            parts.Add(FormattableString.Invariant($"number:{number}"));
        }

        if (!string.IsNullOrEmpty(port.Protocol))
        {
            parts.Add($"protocol:{GoFormat.Quote(port.Protocol)}");
        }

        if (!string.IsNullOrEmpty(port.Name))
        {
            parts.Add($"name:{GoFormat.Quote(port.Name)}");
        }

        if (port.TargetPort is { } target and not 0)
        {
            parts.Add(FormattableString.Invariant($"target_port:{target}"));
        }

        return new StringBuilder().AppendJoin(' ', parts).ToString();
    }
}
