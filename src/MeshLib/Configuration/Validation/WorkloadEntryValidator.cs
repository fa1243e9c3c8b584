using MeshLib.Configuration.WorkloadEntry;

namespace MeshLib.Configuration.Validation;

/// <summary>
/// Istio's rules for a WorkloadEntry (<c>validateWorkloadEntry</c> and the CRD schema), used for WorkloadEntry
/// resources and for the inline <c>endpoints</c> of a ServiceEntry. <c>weight</c> needs no rule: it is a
/// uint32, which is all the CRD asks.
/// </summary>
internal static class WorkloadEntryValidator
{
    /// <summary>The prefix of a Unix domain socket address.</summary>
    public const string UnixAddressPrefix = "unix://";

    /// <summary>Which addresses an endpoint may have.</summary>
    internal enum AddressKind
    {
        /// <summary>A WorkloadEntry resource: IP, FQDN or Unix socket.</summary>
        Any,

        /// <summary>A STATIC ServiceEntry endpoint: IP or Unix socket.</summary>
        Static,

        /// <summary>A DNS ServiceEntry endpoint: IP or FQDN.</summary>
        Dns,
    }

    /// <summary>Validates a WorkloadEntry resource's spec.</summary>
    /// <param name="ctx">Where problems go.</param>
    /// <param name="spec">The WorkloadEntry spec.</param>
    public static void Validate(ValidationContext ctx, WorkloadEntryConfig spec) =>
        Endpoint(ctx, spec, "spec", AddressKind.Any, servicePorts: null);

    /// <summary>Validates one endpoint.</summary>
    /// <param name="ctx">Where problems go.</param>
    /// <param name="entry">The endpoint.</param>
    /// <param name="path">Its path.</param>
    /// <param name="kind">Which addresses are allowed.</param>
    /// <param name="servicePorts">The ServiceEntry's port names, or <see langword="null"/> for a WorkloadEntry resource.</param>
    public static void Endpoint(ValidationContext ctx, WorkloadEntryConfig entry, string path, AddressKind kind, IReadOnlySet<string>? servicePorts)
    {
        var address = entry.Address ?? string.Empty;
        if (address.Length == 0)
        {
            if (string.IsNullOrEmpty(entry.Network))
            {
                // Istio checks nothing else when the address is missing.
                ctx.Error(entry, path, "address", "address is required");
                return;
            }

            ctx.Warning(entry, path, "address", $"address is unset with network {GoFormat.Quote(entry.Network)}");
        }

        var unix = kind != AddressKind.Dns && address.StartsWith(UnixAddressPrefix, StringComparison.Ordinal);
        if (unix)
        {
            UnixAddress(ctx, entry, path, address, servicePorts);
        }
        else if (address.Length > 0 && !CommonRules.IsIpAddress(address))
        {
            if (kind == AddressKind.Static)
            {
                ctx.Error(entry, path, "address", $"endpoint address {GoFormat.Quote(address)} is not a valid IP address");
            }
            else if (CommonRules.Fqdn(address) is not null)
            {
                ctx.Error(entry, path, "address", $"endpoint address {GoFormat.Quote(address)} is not a valid FQDN or an IP address");
            }
        }

        if (entry.Ports is not null)
        {
            foreach (var (name, port) in entry.Ports)
            {
                if (servicePorts is not null && !servicePorts.Contains(name))
                {
                    ctx.Error(entry, path, "ports", $"endpoint port {port} is not defined by the service entry");
                }

                if (!CommonRules.IsDns1123Label(name))
                {
                    ctx.Error(entry, path, "ports", $"invalid port name: {name}");
                }

                if (CommonRules.Port(port) is { } portError)
                {
                    ctx.Error(entry, path, "ports", portError);
                }
            }
        }

        if (entry.Labels is not null)
        {
            foreach (var (key, value) in entry.Labels)
            {
                if (CommonRules.Label(key, value) is { } labelError)
                {
                    ctx.Error(entry, path, "labels", labelError);
                }
            }
        }
    }

    private static void UnixAddress(ValidationContext ctx, WorkloadEntryConfig entry, string path, string address, IReadOnlySet<string>? servicePorts)
    {
        var socket = address[UnixAddressPrefix.Length..];
        if (!socket.StartsWith('/') && !socket.StartsWith('@'))
        {
            ctx.Error(entry, path, "address", "UDS must be an absolute path or abstract socket");
        }
        else if (socket.EndsWith('/'))
        {
            ctx.Error(entry, path, "address", "UDS may not be a dir");
        }

        if (entry.Ports is { Count: > 0 })
        {
            ctx.Error(entry, path, "ports", $"unix endpoint {address} must not include ports");
        }

        if (servicePorts is not null && servicePorts.Count != 1)
        {
            ctx.Error(entry, path, "address", "exactly 1 service port required for unix endpoints");
        }
    }
}
