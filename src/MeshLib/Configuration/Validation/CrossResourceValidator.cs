using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.DestinationRule;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.ServiceEntry;
using MeshLib.Configuration.VirtualService;

namespace MeshLib.Configuration.Validation;

/// <summary>
/// Checks across resources, as <c>istioctl analyze</c> makes them: destinations whose host no ServiceEntry
/// defines or whose subset no DestinationRule defines (IST0101), VirtualServices bound to the mesh that claim
/// the same host (IST0109), and the same resource defined twice.
/// </summary>
internal static class CrossResourceValidator
{
    private const string ClusterDomain = "svc.cluster.local";
    private const string MeshGateway = "mesh";

    private sealed record Destination(DestinationConfig Config, string Path, bool IsMirror);

    private sealed record HostClaim(string Scope, string Canonical, string Shown, List<MeshResource> VirtualServices);

    /// <summary>Checks <paramref name="resources"/> against each other.</summary>
    /// <param name="resources">Every resource of the mesh configuration, in the order they were read.</param>
    /// <param name="defaultNamespace">The namespace of resources whose metadata names none.</param>
    /// <param name="sink">Where problems go.</param>
    public static void Validate(IReadOnlyList<MeshResource> resources, string defaultNamespace, List<ConfigDiagnostic> sink)
    {
        var unique = Deduplicate(resources, defaultNamespace, sink);
        var serviceEntries = new ServiceEntryIndex(unique.Where(r => r.Spec is ServiceEntryConfig).ToList(), defaultNamespace);
        var destinationRules = unique.Where(r => r.Spec is DestinationRuleConfig).ToList();
        var virtualServices = unique.Where(r => r.Spec is VirtualServiceConfig).ToList();

        foreach (var vs in virtualServices)
        {
            var spec = (VirtualServiceConfig)vs.Spec;
            var ns = vs.NamespaceOr(defaultNamespace);
            foreach (var destination in Destinations(spec))
            {
                CheckHost(vs, spec, ns, destination, serviceEntries, defaultNamespace, sink);
                CheckSubset(vs, ns, destination, destinationRules, defaultNamespace, sink);
            }
        }

        MeshHostConflicts(virtualServices, defaultNamespace, sink);
    }

    // Warns on every repeat of Kind/namespace/name; the later definition replaces the earlier, as kubectl apply does.
    private static IReadOnlyList<MeshResource> Deduplicate(IReadOnlyList<MeshResource> resources, string defaultNamespace, List<ConfigDiagnostic> sink)
    {
        var seen = new Dictionary<string, MeshResource>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            var reference = resource.Reference(defaultNamespace);
            if (seen.TryGetValue(reference, out var earlier))
            {
                var origin = earlier.Source is { } s ? (s.Line > 0 ? $"{s.File}:{s.Line}" : s.File) : "<unknown>";
                sink.Add(new ConfigDiagnostic(
                    DiagnosticSeverity.Warning,
                    resource.Metadata.LocationOf("name") ?? resource.Source,
                    reference,
                    "metadata.name",
                    $"duplicate resource: replaces the definition at {origin} (the later one is used, as kubectl apply would)"));
            }

            seen[reference] = resource;
        }

        return ResourceOrder.KeepLastDefinitions(resources, defaultNamespace);
    }

    private static IEnumerable<Destination> Destinations(VirtualServiceConfig spec)
    {
        for (var i = 0; i < (spec.Http?.Count ?? 0); i++)
        {
            var route = spec.Http![i];
            if (route is null)
            {
                continue;
            }

            var path = ValidationContext.Index("spec.http", i);
            foreach (var destination in RouteDestinations(route.Route?.Select(r => r?.Destination), ValidationContext.Join(path, "route")))
            {
                yield return destination;
            }

            if (route.Mirror is { } mirror)
            {
                yield return new Destination(mirror, ValidationContext.Join(path, "mirror"), IsMirror: true);
            }

            for (var j = 0; j < (route.Mirrors?.Count ?? 0); j++)
            {
                if (route.Mirrors![j]?.Destination is { } mirrorDestination)
                {
                    var mirrorPath = ValidationContext.Join(ValidationContext.Index(ValidationContext.Join(path, "mirrors"), j), "destination");
                    yield return new Destination(mirrorDestination, mirrorPath, IsMirror: true);
                }
            }
        }

        for (var i = 0; i < (spec.Tcp?.Count ?? 0); i++)
        {
            foreach (var destination in RouteDestinations(spec.Tcp![i]?.Route?.Select(r => r?.Destination), ValidationContext.Join(ValidationContext.Index("spec.tcp", i), "route")))
            {
                yield return destination;
            }
        }

        for (var i = 0; i < (spec.Tls?.Count ?? 0); i++)
        {
            foreach (var destination in RouteDestinations(spec.Tls![i]?.Route?.Select(r => r?.Destination), ValidationContext.Join(ValidationContext.Index("spec.tls", i), "route")))
            {
                yield return destination;
            }
        }
    }

    private static IEnumerable<Destination> RouteDestinations(IEnumerable<DestinationConfig?>? destinations, string listPath)
    {
        var index = 0;
        foreach (var destination in destinations ?? [])
        {
            if (destination is not null)
            {
                yield return new Destination(destination, ValidationContext.Join(ValidationContext.Index(listPath, index), "destination"), IsMirror: false);
            }

            index++;
        }
    }

    private static void CheckHost(
        MeshResource vs,
        VirtualServiceConfig spec,
        string ns,
        Destination destination,
        ServiceEntryIndex serviceEntries,
        string defaultNamespace,
        List<ConfigDiagnostic> sink)
    {
        var host = destination.Config.Host;
        if (string.IsNullOrEmpty(host) || host == "*")
        {
            return;
        }

        // As istioctl: the destination is looked up from the namespaces the VirtualService is exported to.
        List<string> scopes = spec.ExportTo is { Count: > 0 } exportTo ? [.. exportTo.Select(e => e == "." ? ns : e)] : [ns];
        var entry = serviceEntries.Candidates(host, ns).FirstOrDefault(se =>
        {
            var seSpec = (ServiceEntryConfig)se.Spec;
            var seNamespace = se.NamespaceOr(defaultNamespace);
            return IsVisible(seSpec.ExportTo, seNamespace, scopes)
                && (seSpec.Hosts ?? Enumerable.Empty<string>()).Any(h => HostsMatch(h, seNamespace, host, ns));
        });
        if (entry is null)
        {
            var kind = destination.IsMirror ? "mirror host" : "host";
            Warn(sink, vs, defaultNamespace, destination, "host", $"Referenced {kind} not found: {GoFormat.Quote(host)}");
            return;
        }

        var ports = ((ServiceEntryConfig)entry.Spec).Ports;
        if (destination.Config.Port?.Number is { } number && ports is { Count: > 0 } && !ports.Any(p => p?.Number == number))
        {
            Warn(sink, vs, defaultNamespace, destination, "port", $"Referenced host:port not found: {GoFormat.Quote($"{host}:{number}")}");
        }
    }

    private static void CheckSubset(
        MeshResource vs,
        string ns,
        Destination destination,
        List<MeshResource> destinationRules,
        string defaultNamespace,
        List<ConfigDiagnostic> sink)
    {
        var host = destination.Config.Host;
        var subset = destination.Config.Subset;
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(subset))
        {
            return;
        }

        var defined = destinationRules.Any(dr =>
        {
            var drSpec = (DestinationRuleConfig)dr.Spec;
            return !string.IsNullOrEmpty(drSpec.Host)
                && HostsMatch(drSpec.Host, dr.NamespaceOr(defaultNamespace), host, ns)
                && (drSpec.Subsets ?? Enumerable.Empty<SubsetConfig>()).Any(s => s?.Name == subset);
        });
        if (!defined)
        {
            var kind = destination.IsMirror ? "mirror+subset" : "host+subset";
            Warn(sink, vs, defaultNamespace, destination, "subset", $"Referenced {kind} in destinationrule not found: {GoFormat.Quote($"{host}+{subset}")}");
        }
    }

    private static void Warn(List<ConfigDiagnostic> sink, MeshResource vs, string defaultNamespace, Destination destination, string field, string message) =>
        sink.Add(new ConfigDiagnostic(
            DiagnosticSeverity.Warning,
            destination.Config.LocationOf(field) ?? vs.Source,
            vs.Reference(defaultNamespace),
            ValidationContext.Join(destination.Path, field),
            message));

    // Two VirtualServices bound to the mesh for the same host in the same visibility scope: which one a sidecar uses is undefined.
    private static void MeshHostConflicts(List<MeshResource> virtualServices, string defaultNamespace, List<ConfigDiagnostic> sink)
    {
        var claims = new List<HostClaim>();
        foreach (var vs in virtualServices)
        {
            var spec = (VirtualServiceConfig)vs.Spec;
            if (spec.Gateways is { Count: > 0 } gateways && !gateways.Contains(MeshGateway))
            {
                continue;
            }

            var ns = vs.NamespaceOr(defaultNamespace);
            foreach (var scope in VisibleScopes(spec.ExportTo, ns))
            {
                foreach (var host in (spec.Hosts ?? Enumerable.Empty<string>()).Where(h => !string.IsNullOrEmpty(h)))
                {
                    var canonical = Canonical(host, ns);
                    var claim = claims.Find(c => c.Scope == scope && c.Canonical == canonical);
                    if (claim is null)
                    {
                        // Istio prints the host as written, with only a short name expanded.
                        var shown = host.Contains('.', StringComparison.Ordinal) || host.StartsWith('*') ? host : canonical;
                        claim = new HostClaim(scope, canonical, $"{scope}/{shown}", []);
                        claims.Add(claim);
                    }

                    if (!claim.VirtualServices.Contains(vs))
                    {
                        claim.VirtualServices.Add(vs);
                    }
                }
            }
        }

        // A VirtualService exported everywhere also competes in every namespace-scoped claim on its host.
        foreach (var everywhere in claims.Where(c => c.Scope == "*").ToList())
        {
            var scoped = claims.Where(c => c.Scope != "*" && c.Canonical == everywhere.Canonical).ToList();
            foreach (var claim in scoped)
            {
                claim.VirtualServices.AddRange(everywhere.VirtualServices.Where(vs => !claim.VirtualServices.Contains(vs)));
            }

            if (scoped.Count > 0)
            {
                claims.Remove(everywhere);
            }
        }

        foreach (var claim in claims.Where(c => c.VirtualServices.Count > 1))
        {
            var names = string.Join(",", claim.VirtualServices.Select(vs => $"{vs.NamespaceOr(defaultNamespace)}/{vs.Metadata.Name}"));
            foreach (var vs in claim.VirtualServices)
            {
                sink.Add(new ConfigDiagnostic(
                    DiagnosticSeverity.Warning,
                    vs.Spec.LocationOf("hosts") ?? vs.Source,
                    vs.Reference(defaultNamespace),
                    "spec.hosts",
                    $"The VirtualServices {names} associated with mesh gateway define the same host {claim.Shown} which can lead to undefined behavior. "
                    + "This can be fixed by merging the conflicting VirtualServices into a single resource."));
            }
        }
    }

    // The namespaces a VirtualService is seen from: its exportTo, with "." meaning its own namespace.
    private static List<string> VisibleScopes(IReadOnlyList<string>? exportTo, string ns) =>
        exportTo is not { Count: > 0 } || exportTo.Contains("*")
            ? ["*"]
            : [.. exportTo.Select(e => e == "." ? ns : e).Distinct(StringComparer.Ordinal)];

    private static bool IsVisible(IReadOnlyList<string>? exportTo, string ns, List<string> scopes)
    {
        if (exportTo is not { Count: > 0 } || exportTo.Contains("*"))
        {
            return true;
        }

        return exportTo.Any(e => e != "~" && scopes.Contains(e == "." ? ns : e, StringComparer.Ordinal));
    }

    /// <summary>
    /// Whether a defined host (ServiceEntry or DestinationRule) covers a referenced one. Short names resolve in
    /// each resource's namespace, so <c>reviews</c>, <c>reviews.ns</c> and <c>reviews.ns.svc.cluster.local</c>
    /// are one service; a wildcard defined host covers every name under its suffix.
    /// </summary>
    /// <param name="defined">The defined host.</param>
    /// <param name="definedNamespace">The namespace of the resource that defines it.</param>
    /// <param name="referenced">The referenced host.</param>
    /// <param name="referencingNamespace">The namespace of the resource that references it.</param>
    /// <returns><see langword="true"/> when the names denote the same service.</returns>
    public static bool HostsMatch(string defined, string definedNamespace, string referenced, string referencingNamespace)
    {
        var definedNames = Names(defined, definedNamespace);
        var referencedNames = Names(referenced, referencingNamespace);
        if (definedNames.Intersect(referencedNames, StringComparer.Ordinal).Any())
        {
            return true;
        }

        if (!defined.StartsWith('*'))
        {
            return false;
        }

        var suffix = defined.TrimEnd('.')[1..];
        return referencedNames.Any(n => (n.StartsWith('*') ? n[1..] : n).EndsWith(suffix, StringComparison.Ordinal));
    }

    // The names a host may stand for; a short name only ever means the service in its namespace.
    internal static string[] Names(string host, string ns)
    {
        var trimmed = host.TrimEnd('.');
        var canonical = Canonical(trimmed, ns);
        return trimmed.Contains('.', StringComparison.Ordinal) && canonical != trimmed ? [trimmed, canonical] : [canonical];
    }

    /// <summary>
    /// The fully qualified form of a host: <c>reviews</c> and <c>reviews.ns</c> become
    /// <c>reviews.ns.svc.cluster.local</c>; wildcards and longer names are kept.
    /// </summary>
    /// <param name="host">The host as written.</param>
    /// <param name="ns">The namespace of the resource that names it.</param>
    /// <returns>The canonical name.</returns>
    public static string Canonical(string host, string ns)
    {
        var trimmed = host.TrimEnd('.');
        if (trimmed.StartsWith('*'))
        {
            return trimmed;
        }

        return trimmed.Count(c => c == '.') switch
        {
            0 => $"{trimmed}.{ns}.{ClusterDomain}",
            1 => $"{trimmed}.{ClusterDomain}",
            _ when trimmed.EndsWith(".svc", StringComparison.Ordinal) => $"{trimmed}.cluster.local",
            _ => trimmed,
        };
    }
}
