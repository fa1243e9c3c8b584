using MeshLib.Configuration.VirtualService;

namespace MeshLib.Configuration.Validation;

/// <summary>
/// Istio's VirtualService validation (<c>ValidateVirtualService</c>): every rule, with Istio's messages, reported
/// all at once. Unreachable rules and deprecated settings are warnings.
/// </summary>
internal static class VirtualServiceValidator
{
    /// <summary>The reserved gateway name for all sidecars.</summary>
    public const string MeshGateway = "mesh";

    private const string AutoPassthroughPrefix = "outbound_";
    private const string AutoPassthroughFormat = "outbound_.<PORT>_._.<HOSTNAME>";

    /// <summary>Validates a VirtualService spec.</summary>
    /// <param name="ctx">The validation context of the resource.</param>
    /// <param name="spec">The spec.</param>
    public static void Validate(ValidationContext ctx, VirtualServiceConfig spec)
    {
        const string path = "spec";
        var hosts = spec.Hosts ?? Empty;
        var isDelegate = hosts.Count == 0;
        if (isDelegate)
        {
            if (spec.Gateways is { Count: > 0 })
            {
                ctx.Error(spec, path, "gateways", "delegate virtual service must have no gateways specified");
            }

            if (spec.Tls is { Count: > 0 })
            {
                ctx.Error(spec, path, "tls", "delegate virtual service must have no tls route specified");
            }

            if (spec.Tcp is { Count: > 0 })
            {
                ctx.Error(spec, path, "tcp", "delegate virtual service must have no tcp route specified");
            }
        }

        var appliesToGateway = false;
        if (spec.Gateways is { Count: > 0 } gateways)
        {
            ValidateGatewayNames(ctx, spec, path, gateways);
            appliesToGateway = IsGatewayOnly(spec);
        }

        var appliesToMesh = !appliesToGateway;
        if (!appliesToGateway)
        {
            ValidateJwtClaimRoutes(ctx, spec, path);
        }

        ValidateHosts(ctx, spec, path, appliesToGateway, appliesToMesh);

        if (spec.Http is not { Count: > 0 } && spec.Tcp is not { Count: > 0 } && spec.Tls is not { Count: > 0 })
        {
            ctx.Error(spec, path, null, "http, tcp or tls must be provided in virtual service");
        }

        for (var i = 0; i < (spec.Http?.Count ?? 0); i++)
        {
            var route = spec.Http![i];
            var routePath = ValidationContext.Index(ValidationContext.Join(path, "http"), i);
            if (route is null)
            {
                ctx.Error(spec, routePath, null, "http route may not be null");
                continue;
            }

            HttpRouteValidator.Validate(ctx, route, routePath, isDelegate);
        }

        for (var i = 0; i < (spec.Tls?.Count ?? 0); i++)
        {
            ValidateTlsRoute(ctx, spec, spec.Tls![i], ValidationContext.Index(ValidationContext.Join(path, "tls"), i), appliesToGateway);
        }

        for (var i = 0; i < (spec.Tcp?.Count ?? 0); i++)
        {
            ValidateTcpRoute(ctx, spec.Tcp![i], ValidationContext.Index(ValidationContext.Join(path, "tcp"), i));
        }

        if (spec.ExportTo is { Count: > 0 } exportTo)
        {
            foreach (var message in CommonRules.ExportTo(exportTo, ctx.Namespace, isServiceEntry: false))
            {
                ctx.Error(spec, path, "exportTo", message);
            }
        }

        UnreachableRuleAnalyzer.Analyze(ctx, spec, path);
    }

    /// <summary>Whether the VirtualService applies to gateways only: it lists gateways and <c>mesh</c> is not among them.</summary>
    private static bool IsGatewayOnly(VirtualServiceConfig spec) =>
        spec.Gateways is { Count: > 0 } gateways && !gateways.Contains(MeshGateway, StringComparer.Ordinal);

    private static void ValidateJwtClaimRoutes(ValidationContext ctx, VirtualServiceConfig spec, string path)
    {
        var gateways = $"[{string.Join(' ', spec.Gateways ?? Empty)}]";
        for (var i = 0; i < (spec.Http?.Count ?? 0); i++)
        {
            var matches = spec.Http![i]?.Match;
            for (var j = 0; j < (matches?.Count ?? 0); j++)
            {
                var match = matches![j];
                if (match is null)
                {
                    continue;
                }

                var matchPath = ValidationContext.Index(ValidationContext.Join(ValidationContext.Index(ValidationContext.Join(path, "http"), i), "match"), j);
                foreach (var (field, map) in new[] { ("headers", match.Headers), ("withoutHeaders", match.WithoutHeaders) })
                {
                    foreach (var key in map?.Keys ?? [])
                    {
                        if (HttpHeaderRules.IsJwtClaim(key))
                        {
                            ctx.Error(match, matchPath, field,
                                $"JWT claim based routing (key: {key}) is only supported for gateway, found no gateways: {gateways}");
                        }
                    }
                }
            }
        }
    }

    private static void ValidateHosts(ValidationContext ctx, VirtualServiceConfig spec, string path, bool appliesToGateway, bool appliesToMesh)
    {
        var hosts = spec.Hosts ?? Empty;
        var allHostsValid = true;
        var sni = HasSniHosts(spec);
        foreach (var host in hosts)
        {
            var value = host ?? string.Empty;
            var error = appliesToGateway ? GatewayBoundDomain(sni, value) : CommonRules.WildcardDomain(value);
            if (error is not null)
            {
                // IPs fail the domain rules but are accepted as hosts.
                if (!CommonRules.IsIpAddress(value))
                {
                    ctx.Error(spec, path, "hosts", error);
                    allHostsValid = false;
                }
            }
            else if (appliesToMesh && value == "*")
            {
                ctx.Error(spec, path, "hosts", "wildcard host * is not allowed for virtual services bound to the mesh gateway");
                allHostsValid = false;
            }
        }

        if (!allHostsValid)
        {
            return;
        }

        for (var i = 0; i < hosts.Count; i++)
        {
            for (var j = i + 1; j < hosts.Count; j++)
            {
                if (HostMatches(hosts[i], hosts[j]))
                {
                    ctx.Error(spec, path, "hosts", $"duplicate hosts in virtual service: {hosts[i]} & {hosts[j]}");
                }
            }
        }
    }

    private static bool HasSniHosts(VirtualServiceConfig spec) =>
        spec.Tls?.Any(t => t?.Match?.Any(m => m?.SniHosts is { Count: > 0 }) == true) == true;

    /// <summary>
    /// <c>ValidateWildcardDomainForVirtualServiceBoundToGateway</c>: with SNI routes, the AUTO_PASSTHROUGH names
    /// <c>outbound_.&lt;port&gt;_._.&lt;host&gt;</c> are accepted too.
    /// </summary>
    private static string? GatewayBoundDomain(bool sni, string domain)
    {
        if (domain.Length == 0)
        {
            return "empty domain name not allowed";
        }

        if (domain.Length > 255)
        {
            return $"domain name {GoFormat.Quote(domain)} too long (max 255)";
        }

        if (!sni || !domain.StartsWith(AutoPassthroughPrefix, StringComparison.Ordinal))
        {
            return CommonRules.WildcardDomain(domain);
        }

        var parts = domain.Split('_');
        if (parts.Length < 4)
        {
            return $"domain name {domain} invalid, should follow '{AutoPassthroughFormat}' format";
        }

        var port = parts[1].Trim('.');
        var hostname = parts[3].Trim('.');
        if (parts[0] != "outbound")
        {
            return $"domain name {GoFormat.Quote(domain)} invalid (label {GoFormat.Quote(parts[0])} invalid)";
        }

        // Istio's checks are unanchored: a digit anywhere in the port, a letter anywhere in the host.
        if (!port.Any(char.IsAsciiDigit))
        {
            return $"domain name {GoFormat.Quote(domain)} invalid (label {GoFormat.Quote(port)} invalid). should follow {AutoPassthroughFormat} format";
        }

        return hostname.Any(char.IsAsciiLetter)
            ? null
            : $"domain name {GoFormat.Quote(domain)} invalid (label {GoFormat.Quote(hostname)} invalid). should follow {AutoPassthroughFormat} format";
    }

    /// <summary>Istio's <c>host.Name.Matches</c>: the two names overlap (exactly, or through a wildcard either way).</summary>
    private static bool HostMatches(string a, string b)
    {
        var aWild = a.StartsWith('*');
        var bWild = b.StartsWith('*');
        if (aWild && bWild)
        {
            return a.Length < b.Length
                ? b[1..].EndsWith(a[1..], StringComparison.Ordinal)
                : a[1..].EndsWith(b[1..], StringComparison.Ordinal);
        }

        return aWild ? b.EndsWith(a[1..], StringComparison.Ordinal)
            : bWild ? a.EndsWith(b[1..], StringComparison.Ordinal)
            : a == b;
    }

    /// <summary>Istio's <c>host.Name.SubsetOf</c>: every name <paramref name="a"/> matches is matched by <paramref name="b"/>.</summary>
    private static bool HostSubsetOf(string a, string b)
    {
        var aWild = a.StartsWith('*');
        var bWild = b.StartsWith('*');
        if (aWild)
        {
            return bWild && a.Length >= b.Length && a[1..].EndsWith(b[1..], StringComparison.Ordinal);
        }

        return bWild ? a.EndsWith(b[1..], StringComparison.Ordinal) : a == b;
    }

    /// <summary>
    /// <c>validateGatewayNames</c>: <c>namespace/name</c> with DNS-label parts, or a plain name; the legacy
    /// <c>name.namespace</c> form is accepted with a warning.
    /// </summary>
    public static void ValidateGatewayNames(ValidationContext ctx, ConfigElement owner, string path, IReadOnlyList<string>? names)
    {
        foreach (var name in names ?? Empty)
        {
            var value = name ?? string.Empty;
            var slash = value.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                if (value.Contains('.', StringComparison.Ordinal))
                {
                    var parts = value.Split('.');
                    ctx.Warning(owner, path, "gateways",
                        $"using legacy gatewayName format {GoFormat.Quote(value)}; prefer the <namespace>/<name> format: {GoFormat.Quote($"{parts[1]}/{parts[0]}")}");
                }

                Report(ctx, owner, path, "gateways", CommonRules.Fqdn(value));

                // Istio stops at the first such name; every name is checked here so all problems are reported.
                continue;
            }

            var ns = value[..slash];
            var gateway = value[(slash + 1)..];
            if (ns.Length == 0 || gateway.Length == 0)
            {
                ctx.Error(owner, path, "gateways", "config namespace and gateway name cannot be empty");
            }

            if (!CommonRules.IsDns1123Label(ns))
            {
                ctx.Error(owner, path, "gateways", $"invalid value for namespace: {GoFormat.Quote(ns)}");
            }

            if (!CommonRules.IsDns1123Label(gateway))
            {
                ctx.Error(owner, path, "gateways", $"invalid value for gateway name: {GoFormat.Quote(gateway)}");
            }
        }
    }

    /// <summary><c>labels.Instance.Validate</c>: every bad key and every bad value.</summary>
    public static void ValidateLabels(ValidationContext ctx, ConfigElement owner, string path, string field, IReadOnlyDictionary<string, string>? labels)
    {
        foreach (var (key, value) in labels ?? EmptyLabels)
        {
            if (!CommonRules.IsQualifiedName(key))
            {
                ctx.Error(owner, path, field, $"invalid tag key: {GoFormat.Quote(key)}");
            }

            // A known-good key isolates the value check.
            Report(ctx, owner, path, field, CommonRules.Label("k", value ?? string.Empty));
        }
    }

    private static readonly EquatableDictionary<string> EmptyLabels = new([]);

    private static void ValidateTlsRoute(ValidationContext ctx, VirtualServiceConfig spec, TlsRouteConfig? route, string path, bool appliesToGateway)
    {
        if (route is null)
        {
            return;
        }

        if (route.Match is not { Count: > 0 })
        {
            ctx.Error(route, path, "match", "TLS route must have at least one match condition");
        }

        for (var i = 0; i < (route.Match?.Count ?? 0); i++)
        {
            var match = route.Match![i];
            var matchPath = ValidationContext.Index(ValidationContext.Join(path, "match"), i);
            if (match is null)
            {
                ctx.Error(route, matchPath, null, "TLS match may not be null");
                continue;
            }

            if (match.SniHosts is not { Count: > 0 })
            {
                ctx.Error(match, matchPath, "sniHosts", "TLS match must have at least one SNI host");
            }
            else
            {
                foreach (var sniHost in match.SniHosts)
                {
                    ValidateSniHost(ctx, spec, match, matchPath, sniHost ?? string.Empty, appliesToGateway);
                }
            }

            ValidateL4Match(ctx, match, matchPath, match.DestinationSubnets, match.Port, match.SourceLabels, match.Gateways);
        }

        if (route.Route is not { Count: > 0 })
        {
            ctx.Error(route, path, "route", "TLS route is required");
        }

        ValidateRouteDestinations(ctx, route, path, route.Route);
    }

    private static void ValidateSniHost(ValidationContext ctx, VirtualServiceConfig spec, TlsMatchAttributesConfig match, string path, string sniHost, bool appliesToGateway)
    {
        var error = appliesToGateway ? GatewayBoundDomain(sni: true, sniHost) : CommonRules.WildcardDomain(sniHost);
        if (error is not null)
        {
            if (CommonRules.IsIpAddress(sniHost))
            {
                ctx.Warning(match, path, "sniHosts", $"using an IP address ({GoFormat.Quote(sniHost)}) goes against SNI spec and most clients do not support this");
            }
            else
            {
                ctx.Error(match, path, "sniHosts", error);
            }

            return;
        }

        var hosts = spec.Hosts ?? Empty;
        if (!hosts.Any(h => HostSubsetOf(sniHost, h ?? string.Empty)))
        {
            ctx.Error(match, path, "sniHosts",
                $"SNI host {GoFormat.Quote(sniHost)} is not a compatible subset of any of the virtual service hosts: [{string.Join(", ", hosts)}]");
        }
    }

    private static void ValidateTcpRoute(ValidationContext ctx, TcpRouteConfig? route, string path)
    {
        if (route is null)
        {
            return;
        }

        for (var i = 0; i < (route.Match?.Count ?? 0); i++)
        {
            var match = route.Match![i];
            var matchPath = ValidationContext.Index(ValidationContext.Join(path, "match"), i);
            if (match is null)
            {
                ctx.Error(route, matchPath, null, "tcp match may not be nil");
                continue;
            }

            ValidateL4Match(ctx, match, matchPath, match.DestinationSubnets, match.Port, match.SourceLabels, match.Gateways);
        }

        if (route.Route is not { Count: > 0 })
        {
            ctx.Error(route, path, "route", "TCP route is required");
        }

        ValidateRouteDestinations(ctx, route, path, route.Route);
    }

    /// <summary>The checks TLS and TCP matches share: subnets, port, source labels, gateways.</summary>
    private static void ValidateL4Match(
        ValidationContext ctx,
        ConfigElement match,
        string path,
        IReadOnlyList<string>? destinationSubnets,
        uint? port,
        IReadOnlyDictionary<string, string>? sourceLabels,
        IReadOnlyList<string>? gateways)
    {
        foreach (var subnet in destinationSubnets ?? Empty)
        {
            Report(ctx, match, path, "destinationSubnets", CommonRules.IpOrCidr(subnet ?? string.Empty));
        }

        if (port is { } number and not 0)
        {
            Report(ctx, match, path, "port", CommonRules.Port(number));
        }

        ValidateLabels(ctx, match, path, "sourceLabels", sourceLabels);
        ValidateGatewayNames(ctx, match, path, gateways);
    }

    /// <summary><c>validateRouteDestinations</c> for TCP and TLS routes.</summary>
    private static void ValidateRouteDestinations(ValidationContext ctx, ConfigElement route, string path, EquatableList<RouteDestinationConfig>? destinations)
    {
        if (destinations is null)
        {
            return;
        }

        long totalWeight = 0;
        for (var i = 0; i < destinations.Count; i++)
        {
            var destination = destinations[i];
            var destinationPath = ValidationContext.Index(ValidationContext.Join(path, "route"), i);
            if (destination is null)
            {
                ctx.Error(route, destinationPath, null, "weight may not be nil");
                continue;
            }

            if (destination.Destination is null)
            {
                ctx.Error(destination, destinationPath, "destination", "destination is required");
            }
            else
            {
                HttpRouteValidator.ValidateDestination(ctx, destination.Destination, ValidationContext.Join(destinationPath, "destination"));
            }

            var weight = destination.Weight ?? 0;
            if (weight < 0)
            {
                ctx.Error(destination, destinationPath, "weight", $"weight {weight} < 0");
            }

            totalWeight += weight;
        }

        if (destinations.Count > 1 && totalWeight == 0)
        {
            ctx.Error(route, path, "route", "total destination weight = 0");
        }
    }

    private static readonly EquatableList<string> Empty = new([]);

    private static void Report(ValidationContext ctx, ConfigElement owner, string path, string field, string? message)
    {
        if (message is not null)
        {
            ctx.Error(owner, path, field, message);
        }
    }
}
