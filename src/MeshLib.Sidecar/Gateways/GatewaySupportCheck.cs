using System.Globalization;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Gateway;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.Validation;
using MeshLib.Management;
using MeshLib.Model.Gateways;
using MeshLib.Sidecar.Tcp;
using Microsoft.Extensions.Options;

namespace MeshLib.Sidecar.Gateways;

/// <summary>
/// What MeshLib.Sidecar's gateway listeners can serve, checked with the configuration: HTTP servers (HTTP, HTTP2,
/// GRPC, GRPC-WEB), HTTPS servers that terminate TLS from certificate files, and TCP servers. Anything else a Gateway
/// asks for (passthrough, TLS, UDP and the like, a per-server bind, a port the sidecar already uses, plain and TLS
/// servers on one port, a TCP server sharing its port, missing or unreadable certificates) is an error naming the
/// file, line and field, so a start fails and a reload is refused instead of a server being silently left out.
/// </summary>
internal sealed class GatewaySupportCheck(SidecarOptions options, IOptions<MeshOptions> mesh) : IMeshConfigCheck
{
    private const string NotSupported = "is not supported by MeshLib.Sidecar";

    private readonly TcpListenPorts _tcpPorts = new(options, mesh.Value.ClusterDomain);
    private readonly MeshOptions _mesh = mesh.Value;

    public void Check(IReadOnlyList<MeshResource> resources, string defaultNamespace, List<ConfigDiagnostic> diagnostics)
    {
        // Port → what it serves and the server that decided it; (port, TLS server name) → the server that has it.
        var ports = new Dictionary<uint, (GatewayServerKind Kind, string Server)>();
        var serverNames = new Dictionary<(uint Port, string Name), string>();
        // The TCP listeners of mesh services, found only if a Gateway has a TCP server that could collide with them.
        var serviceListeners = new Lazy<Dictionary<int, string>>(() => _tcpPorts.ForServiceEntries(resources, defaultNamespace));
        foreach (var resource in resources)
        {
            // A Gateway this sidecar does not serve (its selector picks other workloads) cannot fail its configuration.
            if (resource.Spec is not GatewayConfig { Servers: { } servers } gateway || !GatewaySelection.Serves(gateway, _mesh))
            {
                continue;
            }

            var context = new ValidationContext(resource, defaultNamespace, diagnostics);
            for (var i = 0; i < servers.Count; i++)
            {
                if (servers[i] is { } server)
                {
                    CheckServer(context, server, ValidationContext.Index("spec.servers", i), ports, serverNames, serviceListeners);
                }
            }
        }
    }

    private void CheckServer(
        ValidationContext context,
        ServerConfig server,
        string path,
        Dictionary<uint, (GatewayServerKind Kind, string Server)> ports,
        Dictionary<(uint Port, string Name), string> serverNames,
        Lazy<Dictionary<int, string>> serviceListeners)
    {
        if (!string.IsNullOrEmpty(server.Bind))
        {
            context.Error(server, path, "bind", $"a per-server bind {NotSupported}: every gateway listener binds --gateway-bind ({options.GatewayBind})");
        }

        if (!string.IsNullOrEmpty(server.DefaultEndpoint))
        {
            context.Warning(server, path, "defaultEndpoint", "defaultEndpoint is not implemented for gateways and has no effect");
        }

        if (server.Port is not { Number: { } number and > 0 and <= 65535 } port)
        {
            return;
        }

        var portPath = ValidationContext.Join(path, "port");
        var kind = GatewayServers.Kind(server);
        if (kind == GatewayServerKind.NotHttp)
        {
            var protocol = port.Protocol?.ToUpperInvariant();
            if (protocol == "HTTPS")
            {
                var mode = GatewayTlsResolver.ModeName(server.Tls?.Mode ?? ServerTlsMode.Passthrough);
                context.Error(server.Tls ?? (Configuration.ConfigElement)server, ValidationContext.Join(path, "tls"), "mode",
                    $"{mode} {NotSupported}, which terminates TLS: use SIMPLE, MUTUAL or OPTIONAL_MUTUAL with a certificate");
            }
            else if (protocol is "TLS" or "UDP" or "MONGO" or "REDIS" or "MYSQL")
            {
                context.Error(port, portPath, "protocol", $"protocol {protocol} {NotSupported} gateways, which serve HTTP, HTTP2, GRPC, GRPC-WEB, HTTPS and TCP");
            }

            return;
        }

        if (number == (uint)options.OutboundPort || number == (uint)options.AdminPort)
        {
            var which = number == (uint)options.OutboundPort ? "outbound" : "admin";
            context.Error(port, portPath, "number", string.Create(CultureInfo.InvariantCulture, $"port {number} is the sidecar's {which} port: choose another gateway port or --{which}-port"));
            return;
        }

        var here = $"{context.ResourceRef} {path}";
        if (kind == GatewayServerKind.PlainTcp)
        {
            CheckTcpPort(context, port, portPath, number, here, ports, serviceListeners.Value);
            return;
        }

        if (ports.TryGetValue(number, out var first) && first.Kind != kind)
        {
            var reason = first.Kind == GatewayServerKind.PlainTcp
                ? "a TCP server takes every connection of its port"
                : "one port cannot carry both plain HTTP and TLS servers";
            context.Error(port, portPath, "number", string.Create(CultureInfo.InvariantCulture,
                $"port {number} already serves {Describe(first.Kind)} for {first.Server}: {reason}"));
            return;
        }

        ports.TryAdd(number, (kind, here));
        if (kind != GatewayServerKind.TerminatedHttps)
        {
            return;
        }

        CheckServerNames(context, server, path, number, here, serverNames);

        var settings = GatewayTlsResolver.Resolve(context.Resource, server, path, options.GatewayCertificates, (owner, at, field, message, isError) =>
        {
            if (isError)
            {
                context.Error(owner, at, field, message);
            }
            else
            {
                context.Warning(owner, at, field, message);
            }
        });
        if (settings is null)
        {
            return;
        }

        // The files exist; make sure they are certificates and keys that go together.
        var tlsPath = ValidationContext.Join(path, "tls");
        if (GatewayCertificates.Problem(settings.CertificatePath, settings.KeyPath) is { } problem)
        {
            context.Error(server.Tls, tlsPath, CertificateField(server.Tls!), problem);
        }

        if (settings.ClientAuthorityPath is { } authority && GatewayCertificates.AuthorityProblem(authority) is { } authorityProblem)
        {
            context.Error(server.Tls, tlsPath, string.IsNullOrEmpty(server.Tls!.CaCertificates) ? CertificateField(server.Tls) : "caCertificates", authorityProblem);
        }
    }

    // A TCP listener has no host or SNI to tell servers apart: its port is its own, among gateway servers and the mesh services' TCP listeners.
    private static void CheckTcpPort(
        ValidationContext context,
        GatewayPortConfig port,
        string portPath,
        uint number,
        string here,
        Dictionary<uint, (GatewayServerKind Kind, string Server)> ports,
        Dictionary<int, string> serviceListeners)
    {
        if (ports.TryGetValue(number, out var first))
        {
            context.Error(port, portPath, "number", string.Create(CultureInfo.InvariantCulture,
                $"port {number} already serves {Describe(first.Kind)} for {first.Server}: a TCP server needs a gateway port of its own"));
            return;
        }

        if (serviceListeners.TryGetValue((int)number, out var service))
        {
            context.Error(port, portPath, "number", string.Create(CultureInfo.InvariantCulture,
                $"port {number} is the sidecar's TCP listener for {service}: choose another gateway port, or move that listener with --tcp-listen or --tcp-port-offset"));
            return;
        }

        ports.Add(number, (GatewayServerKind.PlainTcp, here));
    }

    private static string Describe(GatewayServerKind kind) => kind switch
    {
        GatewayServerKind.TerminatedHttps => "HTTPS",
        GatewayServerKind.PlainTcp => "TCP",
        _ => "plain HTTP",
    };

    // The client's SNI picks one server per port: a name a previous server already has never reaches this one.
    private static void CheckServerNames(ValidationContext context, ServerConfig server, string path, uint port, string here, Dictionary<(uint Port, string Name), string> serverNames)
    {
        var names = (server.Hosts ?? []).Select(GatewayHosts.Name).ToList();
        foreach (var name in names.Contains("*") ? ["*"] : names.Distinct(StringComparer.Ordinal))
        {
            if (!serverNames.TryAdd((port, name), here))
            {
                context.Warning(server, path, "hosts", string.Create(CultureInfo.InvariantCulture,
                    $"TLS server name {name} on port {port} already belongs to {serverNames[(port, name)]}: its connections go there, not to this server"));
            }
        }
    }

    private static string CertificateField(ServerTlsSettingsConfig tls) =>
        !string.IsNullOrEmpty(tls.CredentialName) ? "credentialName"
        : tls.CredentialNames is { Count: > 0 } ? "credentialNames"
        : tls.TlsCertificates is { Count: > 0 } ? "tlsCertificates"
        : "serverCertificate";
}
