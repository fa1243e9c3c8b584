using MeshLib.Configuration.ServiceEntry;
using MeshLib.Configuration.WorkloadEntry;

namespace MeshLib.Configuration.Validation;

/// <summary>
/// Istio's rules for a ServiceEntry: the CRD schema limits and <c>ValidateServiceEntry</c>. Where the CRD and
/// the webhook check the same thing, the webhook's (more specific) message is used.
/// </summary>
internal static class ServiceEntryValidator
{
    private const int MaxHosts = 256;
    private const int MaxAddresses = 256;
    private const int MaxAddressLength = 64;
    private const int MaxPorts = 256;
    private const int MaxEndpoints = 4096;

    /// <summary>Validates <paramref name="spec"/>, reporting every problem to <paramref name="ctx"/>.</summary>
    /// <param name="ctx">Where problems go.</param>
    /// <param name="spec">The ServiceEntry spec.</param>
    public static void Validate(ValidationContext ctx, ServiceEntryConfig spec)
    {
        const string path = "spec";
        var resolution = spec.Resolution ?? ServiceEntryResolution.None;
        var hosts = spec.Hosts ?? new EquatableList<string>([]);
        var addresses = spec.Addresses ?? new EquatableList<string>([]);
        var endpoints = spec.Endpoints ?? new EquatableList<WorkloadEntryConfig>([]);

        WorkloadSelector(ctx, spec.WorkloadSelector, ValidationContext.Join(path, "workloadSelector"));
        if (spec.WorkloadSelector is not null && endpoints.Count > 0)
        {
            ctx.Error(spec, path, "workloadSelector", "only one of WorkloadSelector or Endpoints is allowed in Service Entry");
        }

        Hosts(ctx, spec, hosts, resolution);
        Addresses(ctx, spec, addresses, resolution);
        var portNames = Ports(ctx, spec, addresses.Count > 0);
        Limit(ctx, spec, "endpoints", endpoints.Count, MaxEndpoints);

        switch (resolution)
        {
            case ServiceEntryResolution.None:
                if (endpoints.Count > 0)
                {
                    ctx.Error(spec, path, "endpoints", "no endpoints should be provided for resolution type none");
                }

                if (spec.WorkloadSelector is not null)
                {
                    ctx.Warning(spec, path, "workloadSelector", "workloadSelector should not be set when resolution mode is NONE");
                }

                break;
            case ServiceEntryResolution.Static:
                Endpoints(ctx, spec, endpoints, WorkloadEntryValidator.AddressKind.Static, portNames);
                break;
            case ServiceEntryResolution.Dns or ServiceEntryResolution.DnsRoundRobin:
                Dns(ctx, spec, resolution, hosts, addresses, endpoints, portNames);
                break;
            case ServiceEntryResolution.DynamicDns:
                DynamicDns(ctx, spec, hosts, addresses, endpoints);
                break;
            default:
                ctx.Error(spec, path, "resolution", $"unsupported resolution type {CommonRules.Int((long)resolution)}");
                break;
        }

        // Plain TCP cannot tell several hosts apart; with NONE the hosts are ignored anyway.
        if (resolution != ServiceEntryResolution.None && hosts.Count > 1
            && spec.Ports is not null && spec.Ports.Any(p => p is not null && !ServicePortProtocol.IsHttp(p.Protocol) && !ServicePortProtocol.IsTls(p.Protocol)))
        {
            ctx.Error(spec, path, "ports", "multiple hosts provided with non-HTTP, non-TLS ports");
        }

        if (spec.ExportTo is { Count: > 0 } exportTo)
        {
            foreach (var message in CommonRules.ExportTo(exportTo, ctx.Namespace, isServiceEntry: true))
            {
                ctx.Error(spec, path, "exportTo", message);
            }
        }
    }

    private static void WorkloadSelector(ValidationContext ctx, WorkloadSelectorConfig? selector, string path)
    {
        if (selector is null)
        {
            return;
        }

        if (selector.Labels is not { Count: > 0 } labels)
        {
            ctx.Warning(selector, path, "labels", "service entry: workload selector specified without labels, will be applied to all services in namespace");
            return;
        }

        foreach (var (key, value) in labels)
        {
            var pair = GoFormat.Quote($"{key}={value}");
            if (key.Length == 0)
            {
                ctx.Error(selector, path, "labels", $"empty key is not supported in selector: {pair}");
            }

            if (key.Contains('*', StringComparison.Ordinal) || value.Contains('*', StringComparison.Ordinal))
            {
                ctx.Error(selector, path, "labels", $"wildcard is not supported in selector: {pair}");
            }
        }
    }

    private static void Hosts(ValidationContext ctx, ServiceEntryConfig spec, EquatableList<string> hosts, ServiceEntryResolution resolution)
    {
        const string path = "spec";
        if (hosts.Count == 0)
        {
            ctx.Error(spec, path, "hosts", "service entry must have at least one host");
        }

        Limit(ctx, spec, "hosts", hosts.Count, MaxHosts);
        foreach (var host in hosts)
        {
            if (host == "*")
            {
                ctx.Error(spec, path, "hosts", "invalid host *");
                continue;
            }

            if (CommonRules.WildcardDomain(host) is { } hostError)
            {
                ctx.Error(spec, path, "hosts", hostError);
            }

            // DYNAMIC_DNS resolves whatever the client asked for, so a partial wildcard is meaningful there.
            if (resolution != ServiceEntryResolution.DynamicDns && host.Contains('*', StringComparison.Ordinal) && !host.StartsWith("*.", StringComparison.Ordinal))
            {
                ctx.Warning(spec, path, "hosts", $"partial wildcard {GoFormat.Quote(host)} not allowed");
            }
        }
    }

    private static void Addresses(ValidationContext ctx, ServiceEntryConfig spec, EquatableList<string> addresses, ServiceEntryResolution resolution)
    {
        const string path = "spec";
        Limit(ctx, spec, "addresses", addresses.Count, MaxAddresses);
        var cidr = false;
        foreach (var address in addresses)
        {
            cidr |= address.Contains('/', StringComparison.Ordinal);
            if (address.Length > MaxAddressLength)
            {
                ctx.Error(spec, path, "addresses", $"Too long: may not be more than {MaxAddressLength} bytes");
            }

            if (CommonRules.IpOrCidr(address) is { } addressError)
            {
                ctx.Error(spec, path, "addresses", addressError);
            }
        }

        if (cidr && resolution is not (ServiceEntryResolution.None or ServiceEntryResolution.Static))
        {
            ctx.Error(spec, path, "addresses", "CIDR addresses are allowed only for NONE/STATIC resolution types");
        }
    }

    private static HashSet<string> Ports(ValidationContext ctx, ServiceEntryConfig spec, bool hasAddresses)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (spec.Ports is null)
        {
            return names;
        }

        Limit(ctx, spec, "ports", spec.Ports.Count, MaxPorts);
        var listPath = ValidationContext.Join("spec", "ports");
        var numbers = new HashSet<uint>();
        for (var i = 0; i < spec.Ports.Count; i++)
        {
            var port = spec.Ports[i];
            var path = ValidationContext.Index(listPath, i);
            if (port is null)
            {
                ctx.Error(spec, path, null, "service entry port may not be null");
                continue;
            }

            var name = port.Name ?? string.Empty;
            var number = port.Number ?? 0;
            if (!names.Add(name))
            {
                ctx.Error(port, path, "name", $"service entry port name {GoFormat.Quote(name)} already defined");
            }

            if (!numbers.Add(number))
            {
                ctx.Error(port, path, "number", $"service entry port {number} already defined");
            }

            if (port.TargetPort is { } target and not 0 && CommonRules.Port(target) is { } targetError)
            {
                ctx.Error(port, path, "targetPort", targetError);
            }

            // MeshLib allocates no VIPs, so a TCP port without addresses is matched on the port alone.
            if (!hasAddresses && (string.IsNullOrEmpty(port.Protocol) || port.Protocol == "TCP"))
            {
                ctx.Warning(port, path, "protocol", "addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled");
            }

            if (!CommonRules.IsDns1123Label(name))
            {
                ctx.Error(port, path, "name", $"invalid port name: {name}");
            }

            if (!string.IsNullOrEmpty(port.Protocol) && !ServicePortProtocol.IsKnown(port.Protocol))
            {
                ctx.Error(port, path, "protocol", $"unsupported protocol: {port.Protocol}");
            }

            if (CommonRules.Port(number) is { } numberError)
            {
                ctx.Error(port, path, "number", numberError);
            }
        }

        return names;
    }

    private static void Endpoints(
        ValidationContext ctx,
        ServiceEntryConfig spec,
        EquatableList<WorkloadEntryConfig> endpoints,
        WorkloadEntryValidator.AddressKind kind,
        HashSet<string> portNames)
    {
        var listPath = ValidationContext.Join("spec", "endpoints");
        for (var i = 0; i < endpoints.Count; i++)
        {
            var path = ValidationContext.Index(listPath, i);
            if (endpoints[i] is not { } endpoint)
            {
                ctx.Error(spec, path, null, "endpoint cannot be nil");
                continue;
            }

            WorkloadEntryValidator.Endpoint(ctx, endpoint, path, kind, portNames);
        }
    }

    private static void Dns(
        ValidationContext ctx,
        ServiceEntryConfig spec,
        ServiceEntryResolution resolution,
        EquatableList<string> hosts,
        EquatableList<string> addresses,
        EquatableList<WorkloadEntryConfig> endpoints,
        HashSet<string> portNames)
    {
        const string path = "spec";
        var mode = resolution == ServiceEntryResolution.Dns ? "DNS" : "DNS_ROUND_ROBIN";
        if (endpoints.Count == 0)
        {
            // With no endpoints the hosts themselves are resolved, so they must be names DNS can answer.
            foreach (var host in hosts)
            {
                var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
                if (CommonRules.Fqdn(name) is { } fqdnError)
                {
                    ctx.Error(spec, path, "hosts", $"hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode {mode}, {fqdnError}");
                }
            }
        }

        if (resolution == ServiceEntryResolution.DnsRoundRobin && endpoints.Count > 1)
        {
            ctx.Error(spec, path, "endpoints", "there must only be 0 or 1 endpoint for resolution mode DNS_ROUND_ROBIN");
        }

        Endpoints(ctx, spec, endpoints, WorkloadEntryValidator.AddressKind.Dns, portNames);
        if (spec.WorkloadSelector is not null)
        {
            ctx.Warning(spec, path, "workloadSelector", $"workloadSelector should not be set when resolution mode is {mode}");
        }

        if (addresses.Count > 0 && hosts.Count > 1 && spec.Ports?.FirstOrDefault(p => p is not null && ServicePortProtocol.IsTcp(p.Protocol)) is not null)
        {
            ctx.Warning(spec, path, "hosts", "service entry can not have more than one host specified simultaneously with address and tcp port");
        }
    }

    private static void DynamicDns(
        ValidationContext ctx,
        ServiceEntryConfig spec,
        EquatableList<string> hosts,
        EquatableList<string> addresses,
        EquatableList<WorkloadEntryConfig> endpoints)
    {
        const string path = "spec";
        const string mode = "DYNAMIC_DNS";
        if (hosts.Any(h => !h.StartsWith('*')))
        {
            ctx.Error(spec, path, "hosts", $"host must be wildcarded for resolution mode {mode}");
        }

        if (addresses.Count > 0)
        {
            ctx.Error(spec, path, "addresses", $"addresses cannot be set for resolution type {mode}");
        }

        if (endpoints.Count > 0)
        {
            ctx.Error(spec, path, "endpoints", $"endpoints cannot be set for resolution type {mode}");
        }

        var listPath = ValidationContext.Join(path, "ports");
        for (var i = 0; i < (spec.Ports?.Count ?? 0); i++)
        {
            var port = spec.Ports![i];
            if (port is not null && port.Protocol?.ToUpperInvariant() is not ("HTTP" or "TLS" or "GRPC" or "HTTP2"))
            {
                ctx.Error(port, ValidationContext.Index(listPath, i), "protocol", $"only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution type {mode}");
            }
        }
    }

    // The CRD's maxItems limits, in the Kubernetes API server's wording.
    private static void Limit(ValidationContext ctx, ServiceEntryConfig spec, string field, int count, int max)
    {
        if (count > max)
        {
            ctx.Error(spec, "spec", field, $"Too many: {count}: must have at most {max} items");
        }
    }
}
