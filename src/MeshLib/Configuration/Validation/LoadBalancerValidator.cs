using MeshLib.Configuration.DestinationRule;

namespace MeshLib.Configuration.Validation;

/// <summary>
/// Istio's rules for <c>LoadBalancerSettings</c> (<c>validateLoadBalancer</c>) and
/// <c>LocalityLoadBalancerSetting</c> (<c>agent.ValidateLocalityLbSetting</c>).
/// </summary>
internal static class LoadBalancerValidator
{
    /// <summary>Envoy's cap on the Maglev table size (exclusive).</summary>
    public const ulong MaglevMaxTableSize = 5000011;

    // Failover by these labels is what "failover" already does, so the two cannot be combined.
    private static readonly string[] TopologyLabels =
        ["topology.kubernetes.io/region", "topology.kubernetes.io/zone", "topology.istio.io/subzone"];

    /// <summary>Validates a load balancer block.</summary>
    /// <param name="ctx">Where problems go.</param>
    /// <param name="settings">The block, or <see langword="null"/>.</param>
    /// <param name="outlier">The outlier detection at the same level (failover needs one).</param>
    /// <param name="path">The block's path.</param>
    public static void Validate(ValidationContext ctx, LoadBalancerSettingsConfig? settings, OutlierDetectionConfig? outlier, string path)
    {
        if (settings is null)
        {
            return;
        }

        if (settings.ConsistentHash is { } hash)
        {
            ConsistentHash(ctx, hash, ValidationContext.Join(path, "consistentHash"));
        }

        if (settings.LocalityLbSetting is not null && settings.ZoneAwareLbSetting is not null)
        {
            ctx.Error(settings, path, "zoneAwareLbSetting", "only one of localityLbSetting and zoneAwareLbSetting can be set");
        }

        Locality(ctx, settings.LocalityLbSetting, outlier, ValidationContext.Join(path, "localityLbSetting"));
        DestinationRuleValidator.Duration(ctx, settings, path, "warmupDurationSecs", settings.WarmupDurationSecs);
        if (settings.Warmup is { } warmup)
        {
            Warmup(ctx, settings, path, warmup);
        }
    }

    private static void ConsistentHash(ValidationContext ctx, ConsistentHashLbConfig hash, string path)
    {
        if (hash.HttpCookie is { } cookie)
        {
            var cookiePath = ValidationContext.Join(path, "httpCookie");
            if (string.IsNullOrEmpty(cookie.Name))
            {
                ctx.Error(cookie, cookiePath, "name", "name required for HttpCookie");
            }

            // 0s asks for a session cookie.
            if (cookie.Ttl is { } ttl && CommonRules.DurationOrZero(ttl) is { } ttlError)
            {
                ctx.Error(cookie, cookiePath, "ttl", ttlError);
            }

            CookieAttributes(ctx, cookie, cookiePath);
        }

        if (hash.MinimumRingSize is not null and not 0)
        {
            ctx.Warning(hash, path, "minimumRingSize", "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead");
            if (hash.RingHash is not null || hash.Maglev is not null)
            {
                ctx.Error(hash, path, "minimumRingSize", "only one of MinimumRingSize or Maglev/Ringhash can be specified");
            }
        }

        if (hash.Maglev is { } maglev)
        {
            var maglevPath = ValidationContext.Join(path, "maglev");
            var size = maglev.TableSize ?? 0;
            if (size == 0)
            {
                ctx.Error(maglev, maglevPath, "tableSize", "tableSize must be set for maglev");
                return;
            }

            if (size >= MaglevMaxTableSize)
            {
                ctx.Error(maglev, maglevPath, "tableSize", "tableSize must be less than 5000011 for maglev");
            }

            if (!IsPrime(size))
            {
                ctx.Error(maglev, maglevPath, "tableSize", "tableSize must be a prime number for maglev");
            }
        }
    }

    private static void CookieAttributes(ValidationContext ctx, HttpCookieConfig cookie, string cookiePath)
    {
        if (cookie.Attributes is null)
        {
            return;
        }

        var listPath = ValidationContext.Join(cookiePath, "attributes");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < cookie.Attributes.Count; i++)
        {
            var attribute = cookie.Attributes[i];
            var name = attribute?.Name ?? string.Empty;
            var attributePath = ValidationContext.Index(listPath, i);
            if (name.Length == 0)
            {
                ctx.Error(attribute ?? (ConfigElement)cookie, attributePath, "name", "cookie attribute name cannot be empty");
            }
            else if (!seen.Add(name))
            {
                ctx.Error(attribute, attributePath, "name", $"duplicate cookie attribute name: {name}");
            }
        }
    }

    // Envoy's primality test, so that Istio and Envoy agree on every size.
    private static bool IsPrime(ulong x)
    {
        if (x is > 0 and < 4)
        {
            return true;
        }

        if ((x & 1) == 0)
        {
            return false;
        }

        var limit = (ulong)Math.Sqrt(x);
        for (ulong factor = 3; factor <= limit; factor += 2)
        {
            if (x % factor == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static void Warmup(ValidationContext ctx, LoadBalancerSettingsConfig settings, string settingsPath, WarmupConfig warmup)
    {
        if (settings.WarmupDurationSecs is not null)
        {
            ctx.Error(settings, settingsPath, "warmup", "only one of warmupDurationSecs and warmup can be set");
        }

        var path = ValidationContext.Join(settingsPath, "warmup");

        if (warmup.Duration is null)
        {
            ctx.Error(warmup, path, "duration", "duration is required");
        }

        DestinationRuleValidator.Duration(ctx, warmup, path, "duration", warmup.Duration);
        if (warmup.MinimumPercent > 100)
        {
            ctx.Error(warmup, path, "minimumPercent", "minimumPercent value should be less than or equal to 100");
        }

        if (warmup.Aggression <= 0)
        {
            ctx.Error(warmup, path, "aggression", "aggression should be greater than 0");
        }
    }

    private static void Locality(ValidationContext ctx, LocalityLoadBalancerSettingConfig? lb, OutlierDetectionConfig? outlier, string path)
    {
        if (lb is null)
        {
            return;
        }

        var distribute = lb.Distribute ?? new EquatableList<LocalityDistributeConfig>([]);
        var failover = lb.Failover ?? new EquatableList<LocalityFailoverConfig>([]);
        var priority = lb.FailoverPriority ?? new EquatableList<string>([]);

        // Istio returns at the first of these structural errors.
        if (distribute.Count > 0 && failover.Count > 0)
        {
            ctx.Error(lb, path, "failover", "can not simultaneously specify 'distribute' and 'failover'");
            return;
        }

        if (failover.Count > 0 && priority.FirstOrDefault(p => TopologyLabels.Contains(p, StringComparer.Ordinal)) is { } topology)
        {
            ctx.Error(lb, path, "failoverPriority", $"can not simultaneously set 'failover' and topology label '{topology}' in 'failover_priority'");
            return;
        }

        if (!Distribute(ctx, distribute, ValidationContext.Join(path, "distribute")))
        {
            return;
        }

        if (Localities(distribute.Select(d => d?.From ?? string.Empty)) is { } fromError)
        {
            ctx.Error(lb, path, "distribute", fromError);
        }

        if ((failover.Count > 0 || priority.Count > 0) && outlier is null)
        {
            ctx.Warning(lb, path, failover.Count > 0 ? "failover" : "failoverPriority", "outlier detection policy must be provided for failover");
        }

        var failoverPath = ValidationContext.Join(path, "failover");
        for (var i = 0; i < failover.Count; i++)
        {
            var entry = failover[i];
            var entryPath = ValidationContext.Index(failoverPath, i);
            var from = entry?.From ?? string.Empty;
            var to = entry?.To ?? string.Empty;
            if (from == to)
            {
                ctx.Error(entry, entryPath, "to", "locality lb failover settings must specify different regions");
            }

            if (from.Contains('/', StringComparison.Ordinal) || to.Contains('/', StringComparison.Ordinal))
            {
                ctx.Error(entry, entryPath, null, "locality lb failover only specify region");
            }

            if (from.Contains('*', StringComparison.Ordinal) || to.Contains('*', StringComparison.Ordinal))
            {
                ctx.Error(entry, entryPath, null, "locality lb failover region should not contain '*' wildcard");
            }
        }
    }

    // Weights and target localities of each entry; false when Istio would stop checking.
    private static bool Distribute(ValidationContext ctx, EquatableList<LocalityDistributeConfig> distribute, string listPath)
    {
        for (var i = 0; i < distribute.Count; i++)
        {
            var entry = distribute[i];
            var path = ValidationContext.Index(listPath, i);
            var to = entry?.To;
            long total = 0;
            foreach (var (_, weight) in to ?? Enumerable.Empty<KeyValuePair<string, uint>>())
            {
                if (weight is 0 or > 100)
                {
                    ctx.Error(entry, path, "to", "locality weight must be in range [1, 100]");
                    return false;
                }

                total += weight;
            }

            if (total != 100)
            {
                ctx.Error(entry, path, "to", $"total locality weight {total} != 100");
                return false;
            }

            if (Localities(to!.Keys) is { } toError)
            {
                ctx.Error(entry, path, "to", toError);
            }
        }

        return true;
    }

    // Istio's validateLocalities: at most one trailing '*', no empty parts, no locality covered by an earlier one.
    private static string? Localities(IEnumerable<string> localities)
    {
        var regions = new Dictionary<string, Dictionary<string, HashSet<string>>>(StringComparer.Ordinal);
        foreach (var locality in localities)
        {
            var stars = locality.Count(c => c == '*');
            if (stars > 1 || (stars == 1 && !locality.EndsWith('*')))
            {
                return $"locality {locality} wildcard '*' number can not exceed 1 and must be in the end";
            }

            var overlap = $"locality {locality} overlap with previous specified ones";
            if (regions.ContainsKey("*"))
            {
                return overlap;
            }

            var parts = locality.Split('/', 3);
            if (parts.Any(p => p.Length == 0))
            {
                return $"locality {locality} must not contain empty region/zone/subzone info";
            }

            var region = parts[0];
            switch (parts.Length)
            {
                case 1:
                    if (regions.ContainsKey(region))
                    {
                        return overlap;
                    }

                    regions[region] = new(StringComparer.Ordinal) { ["*"] = ["*"] };
                    break;
                case 2:
                    if (regions.TryGetValue(region, out var zones))
                    {
                        if (zones.ContainsKey("*") || zones.ContainsKey(parts[1]))
                        {
                            return overlap;
                        }

                        zones[parts[1]] = ["*"];
                    }
                    else
                    {
                        regions[region] = new(StringComparer.Ordinal) { [parts[1]] = ["*"] };
                    }

                    break;
                default:
                    if (regions.TryGetValue(region, out zones))
                    {
                        if (zones.ContainsKey("*"))
                        {
                            return overlap;
                        }

                        if (zones.TryGetValue(parts[1], out var subzones))
                        {
                            if (subzones.Contains("*") || !subzones.Add(parts[2]))
                            {
                                return overlap;
                            }
                        }
                        else
                        {
                            zones[parts[1]] = [parts[2]];
                        }
                    }
                    else
                    {
                        regions[region] = new(StringComparer.Ordinal) { [parts[1]] = [parts[2]] };
                    }

                    break;
            }
        }

        return null;
    }
}
