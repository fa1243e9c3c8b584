using System.Globalization;
using System.Net;
using MeshLib.Sidecar.Telemetry;

namespace MeshLib.Sidecar;

/// <summary>Parses the sidecar's command line (CONTRACTS §4); <c>--name value</c> and <c>--name=value</c> are both accepted.</summary>
internal static class SidecarCommandLine
{
    /// <summary>What <c>--help</c> and usage errors print.</summary>
    public const string Usage = """
        usage: MeshLib.Sidecar --config PATH [--config PATH]...
                               [--outbound-port 15001] [--admin-port 15000] [--namespace default]
                               [--outbound-traffic-policy ALLOW_ANY|REGISTRY_ONLY]
                               [--gateway-bind 127.0.0.1] [--gateway-certs DIR]
                               [--otlp-endpoint URL] [--otlp-protocol grpc|http/protobuf]
                               [--workload NAME] [--label KEY=VALUE]... [--locality REGION/ZONE/SUBZONE]
                               [--tcp-listen [HOST:]PORT=LOCALPORT]... [--tcp-port-offset N]

          --config PATH                  Istio resources: a YAML/JSON file or a directory of them; watched for changes. Repeatable.
          --outbound-port PORT           Outbound listener on 127.0.0.1 (HTTP_PROXY and Host-addressed requests). Default 15001.
          --admin-port PORT              Admin listener on 127.0.0.1: /ready, /config_dump, /clusters, /stats/prometheus. Default 15000.
          --namespace NAME               The workload's namespace. Default default.
          --outbound-traffic-policy MODE ALLOW_ANY forwards unknown hosts as they are (default); REGISTRY_ONLY answers 502.
          --gateway-bind ADDRESS         Address every Gateway server port listens on. Default 127.0.0.1.
          --gateway-certs DIR            TLS credentials of Gateway servers: credentialName NAME is DIR/NAME.crt and DIR/NAME.key (PEM).
          --otlp-endpoint URL            Export metrics and traces with OTLP to this collector. Default: OTEL_EXPORTER_OTLP_ENDPOINT, else off.
          --otlp-protocol PROTOCOL       grpc or http/protobuf. Default: OTEL_EXPORTER_OTLP_PROTOCOL, else grpc.
          --workload NAME                This workload's name: source_workload on Istio's metrics. Default unknown.
          --label KEY=VALUE              A label of this workload, for sourceLabels matches and source_app/source_version. Repeatable.
          --locality REGION/ZONE/SUBZONE This workload's locality, for locality load balancing. Default none.
          --tcp-listen [HOST:]PORT=LOCALPORT
                                         Serve TCP service port PORT (of HOST only, if given) on 127.0.0.1:LOCALPORT. Repeatable.
          --tcp-port-offset N            Other TCP service ports listen on 127.0.0.1:(PORT + N). Default 0: the service port.
        """;

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="options">The options, when parsing succeeded.</param>
    /// <param name="error">What is wrong, when it did not; null with <see langword="false"/> means help was asked for.</param>
    /// <returns><see langword="true"/> when the sidecar should run with <paramref name="options"/>.</returns>
    public static bool TryParse(IReadOnlyList<string> args, out SidecarOptions options, out string? error)
    {
        options = new SidecarOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                return false;
            }

            string name;
            string? value;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg;
                value = i + 1 < args.Count ? args[++i] : null;
            }

            if (value is null)
            {
                error = IsKnown(name) ? $"{name} needs a value" : $"unknown argument \"{name}\"";
                return false;
            }

            error = Apply(options, name, value);
            if (error is not null)
            {
                return false;
            }
        }

        if (options.ConfigPaths.Count == 0)
        {
            error = "at least one --config PATH is required";
            return false;
        }

        if (options.OutboundPort == options.AdminPort)
        {
            error = $"--outbound-port and --admin-port must differ (both are {options.AdminPort})";
            return false;
        }

        return true;
    }

    private static bool IsKnown(string name) =>
        name is "--config" or "--outbound-port" or "--admin-port" or "--namespace" or "--outbound-traffic-policy" or "--gateway-bind"
            or "--gateway-certs" or "--otlp-endpoint" or "--otlp-protocol" or "--tcp-listen" or "--tcp-port-offset"
            or "--workload" or "--label" or "--locality";

    private static string? Apply(SidecarOptions options, string name, string value)
    {
        switch (name)
        {
            case "--config":
                if (value.Length == 0)
                {
                    return "--config needs a path";
                }

                options.ConfigPaths.Add(value);
                return null;
            case "--outbound-port":
                if (!TryPort(value, out var outbound))
                {
                    return PortError(name, value);
                }

                options.OutboundPort = outbound;
                return null;
            case "--admin-port":
                if (!TryPort(value, out var admin))
                {
                    return PortError(name, value);
                }

                options.AdminPort = admin;
                return null;
            case "--namespace":
                if (value.Length == 0)
                {
                    return "--namespace needs a name";
                }

                options.Namespace = value;
                return null;
            case "--workload":
                if (value.Length == 0)
                {
                    return "--workload needs a name";
                }

                options.WorkloadName = value;
                return null;
            case "--label":
                var equals = value.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    return $"--label must be KEY=VALUE, not \"{value}\"";
                }

                options.WorkloadLabels[value[..equals]] = value[(equals + 1)..];
                return null;
            case "--locality":
                if (value.Length == 0 || value.Split('/').Length > 3 || value.Split('/').Any(part => part.Length == 0))
                {
                    return $"--locality must be REGION[/ZONE[/SUBZONE]], not \"{value}\"";
                }

                options.Locality = value;
                return null;
            case "--outbound-traffic-policy":
                switch (value)
                {
                    case "ALLOW_ANY":
                        options.OutboundTrafficPolicy = OutboundTrafficPolicy.AllowAny;
                        return null;
                    case "REGISTRY_ONLY":
                        options.OutboundTrafficPolicy = OutboundTrafficPolicy.RegistryOnly;
                        return null;
                    default:
                        return $"--outbound-traffic-policy must be ALLOW_ANY or REGISTRY_ONLY, not \"{value}\"";
                }

            case "--gateway-bind":
                if (!IPAddress.TryParse(value, out var bind))
                {
                    return $"--gateway-bind must be an IP address such as 127.0.0.1 or 0.0.0.0, not \"{value}\"";
                }

                options.GatewayBind = bind;
                return null;
            case "--gateway-certs":
                if (!Directory.Exists(value))
                {
                    return $"--gateway-certs: no directory \"{value}\"";
                }

                options.GatewayCertificates = Path.GetFullPath(value);
                return null;
            case "--otlp-endpoint":
                if (SidecarTelemetry.EndpointError(value) is { } endpointError)
                {
                    return $"{name} {endpointError}";
                }

                options.OtlpEndpoint = value;
                return null;
            case "--otlp-protocol":
                if (SidecarTelemetry.ProtocolError(value) is { } protocolError)
                {
                    return $"{name} {protocolError}";
                }

                options.OtlpProtocol = value;
                return null;
            case "--tcp-listen":
                if (!Tcp.TcpListenMapping.TryParse(value, out var mapping))
                {
                    return $"--tcp-listen must be [HOST:]PORT=LOCALPORT with ports 1-65535, not \"{value}\"";
                }

                options.TcpListen.Add(mapping);
                return null;
            case "--tcp-port-offset":
                if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset) || offset is < -65535 or > 65535)
                {
                    return $"--tcp-port-offset must be a whole number from -65535 to 65535, not \"{value}\"";
                }

                options.TcpPortOffset = offset;
                return null;
            default:
                return $"unknown argument \"{name}\"";
        }
    }

    private static bool TryPort(string value, out int port) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;

    private static string PortError(string name, string value) => $"{name} must be a port number 1-65535, not \"{value}\"";
}
