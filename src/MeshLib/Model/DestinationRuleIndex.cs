using MeshLib.Configuration.DestinationRule;
using MeshLib.Configuration.Resources;

namespace MeshLib.Model;

/// <summary>The DestinationRules visible to this workload, merged per host; looked up by exact host, then the most specific wildcard.</summary>
internal sealed class DestinationRuleIndex
{
    private readonly Dictionary<string, MergedDestinationRule> _exact;
    private readonly MergedDestinationRule[] _wildcards;

    private DestinationRuleIndex(Dictionary<string, MergedDestinationRule> exact, MergedDestinationRule[] wildcards)
    {
        _exact = exact;
        _wildcards = wildcards;
    }

    /// <summary>The rule for <paramref name="fqdn"/>, or null.</summary>
    public MergedDestinationRule? Find(string fqdn)
    {
        if (_exact.TryGetValue(fqdn, out var rule))
        {
            return rule;
        }

        foreach (var wildcard in _wildcards)
        {
            if (HostNames.WildcardMatches(wildcard.Host, fqdn))
            {
                return wildcard;
            }
        }

        return null;
    }

    /// <summary>Builds the index from the DestinationRules among <paramref name="resources"/>, in load order (oldest first).</summary>
    public static DestinationRuleIndex Build(IReadOnlyList<MeshResource> resources, MeshOptions options)
    {
        var builders = new Dictionary<string, (TrafficPolicyConfig? Policy, List<SubsetConfig> Subsets, List<string> Sources)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var resource in resources)
        {
            if (resource.Spec is not DestinationRuleConfig rule || rule.Host is null)
            {
                continue;
            }

            var ns = resource.NamespaceOr(options.Namespace);
            if (!ExportRules.IsVisible(rule.ExportTo, ns, options.Namespace) || !SelectsThisWorkload(rule.WorkloadSelector, ns, options))
            {
                continue;
            }

            var host = HostNames.ToFqdn(rule.Host, ns, options.ClusterDomain);
            if (!builders.TryGetValue(host, out var merged))
            {
                merged = (null, [], []);
                order.Add(host);
            }

            // The first (oldest) non-empty top-level policy wins; subsets are appended, a duplicate name keeps the first.
            var policy = merged.Policy ?? rule.TrafficPolicy;
            foreach (var subset in rule.Subsets ?? [])
            {
                if (!merged.Subsets.Exists(s => s.Name == subset.Name))
                {
                    merged.Subsets.Add(subset);
                }
            }

            merged.Sources.Add(resource.Reference(options.Namespace));
            builders[host] = (policy, merged.Subsets, merged.Sources);
        }

        var exact = new Dictionary<string, MergedDestinationRule>(StringComparer.Ordinal);
        var wildcards = new List<MergedDestinationRule>();
        foreach (var host in order)
        {
            var (policy, subsets, sources) = builders[host];
            var merged = new MergedDestinationRule(host, policy, subsets, sources);
            if (host.StartsWith('*'))
            {
                wildcards.Add(merged);
            }
            else
            {
                exact[host] = merged;
            }
        }

        wildcards.Sort((a, b) => b.Host.Length.CompareTo(a.Host.Length));
        return new DestinationRuleIndex(exact, [.. wildcards]);
    }

    private static bool SelectsThisWorkload(DestinationRuleWorkloadSelectorConfig? selector, string ruleNamespace, MeshOptions options)
    {
        if (selector?.MatchLabels is not { Count: > 0 } labels)
        {
            return true;
        }

        if (ruleNamespace != options.Namespace)
        {
            return false;
        }

        foreach (var (key, value) in labels)
        {
            if (!options.WorkloadLabels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }
}
