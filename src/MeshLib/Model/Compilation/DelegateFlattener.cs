using MeshLib.Configuration;
using MeshLib.Configuration.VirtualService;

namespace MeshLib.Model.Compilation;

/// <summary>
/// Flattens <c>delegate</c> routes as Istio does (one level): each route of the delegate VirtualService is merged
/// with the root route — match = root AND delegate (a pair that conflicts is dropped), name <c>root-delegate</c>,
/// and the root's rewrite, direct response, timeout, retries, fault, mirrors, CORS and headers inherited where unset.
/// </summary>
internal static class DelegateFlattener
{
    /// <summary>The routes of <paramref name="routes"/> with every delegate route replaced by the merged delegate routes.</summary>
    /// <param name="routes">The root VirtualService's routes.</param>
    /// <param name="findDelegate">Finds a delegate VirtualService by (name, namespace).</param>
    /// <param name="rootNamespace">The root's namespace, the default for a delegate's namespace.</param>
    public static List<HttpRouteConfig> Flatten(
        IReadOnlyList<HttpRouteConfig> routes,
        Func<string, string, VirtualServiceConfig?> findDelegate,
        string rootNamespace)
    {
        var result = new List<HttpRouteConfig>();
        foreach (var root in routes)
        {
            if (root.Delegate is not { Name: { } name } reference)
            {
                result.Add(root);
                continue;
            }

            // A missing delegate contributes no routes, as in Istio.
            var target = findDelegate(name, reference.Namespace ?? rootNamespace);
            foreach (var route in target?.Http ?? [])
            {
                if (Merge(root, route) is { } merged)
                {
                    result.Add(merged);
                }
            }
        }

        return result;
    }

    private static HttpRouteConfig? Merge(HttpRouteConfig root, HttpRouteConfig child)
    {
        var matches = MergeMatches(root.Match, child.Match);
        if (matches is { Count: 0 })
        {
            return null;
        }

        return child with
        {
            Name = root.Name is null ? child.Name : child.Name is null ? root.Name : $"{root.Name}-{child.Name}",
            Match = matches,
            Rewrite = child.Rewrite ?? root.Rewrite,
            DirectResponse = child.DirectResponse ?? root.DirectResponse,
            Timeout = child.Timeout ?? root.Timeout,
            Retries = child.Retries ?? root.Retries,
            Fault = child.Fault ?? root.Fault,
            Mirror = child.Mirror ?? root.Mirror,
            Mirrors = child.Mirrors ?? root.Mirrors,
            MirrorPercentage = child.MirrorPercentage ?? root.MirrorPercentage,
            MirrorPercent = child.MirrorPercent ?? root.MirrorPercent,
            CorsPolicy = child.CorsPolicy ?? root.CorsPolicy,
            Headers = child.Headers ?? root.Headers,
        };
    }

    /// <summary>Root AND child for every pair; null means "match all" (neither side has matches).</summary>
    private static EquatableList<HttpMatchRequestConfig>? MergeMatches(
        EquatableList<HttpMatchRequestConfig>? root,
        EquatableList<HttpMatchRequestConfig>? child)
    {
        if (root is null or { Count: 0 })
        {
            return child;
        }

        if (child is null or { Count: 0 })
        {
            return root;
        }

        var merged = new List<HttpMatchRequestConfig>();
        foreach (var r in root)
        {
            foreach (var c in child)
            {
                if (MergeMatch(r, c) is { } both)
                {
                    merged.Add(both);
                }
            }
        }

        return new EquatableList<HttpMatchRequestConfig>(merged);
    }

    private static HttpMatchRequestConfig? MergeMatch(HttpMatchRequestConfig root, HttpMatchRequestConfig child)
    {
        if (!TryNarrow(root.Uri, child.Uri, out var uri)
            || !TryNarrow(root.Scheme, child.Scheme, out var scheme)
            || !TryNarrow(root.Method, child.Method, out var method)
            || !TryNarrow(root.Authority, child.Authority, out var authority)
            || !TryUnion(root.Headers, child.Headers, out var headers)
            || !TryUnion(root.QueryParams, child.QueryParams, out var queryParams)
            || !TryUnion(root.WithoutHeaders, child.WithoutHeaders, out var withoutHeaders)
            || !TryUnion(root.SourceLabels, child.SourceLabels, out var sourceLabels))
        {
            return null;
        }

        if (root.Port is > 0 && child.Port is > 0 && root.Port != child.Port)
        {
            return null;
        }

        if (root.SourceNamespace is not null && child.SourceNamespace is not null && root.SourceNamespace != child.SourceNamespace)
        {
            return null;
        }

        return new HttpMatchRequestConfig
        {
            Name = child.Name ?? root.Name,
            Uri = uri,
            Scheme = scheme,
            Method = method,
            Authority = authority,
            Headers = headers,
            QueryParams = queryParams,
            WithoutHeaders = withoutHeaders,
            SourceLabels = sourceLabels,
            Port = child.Port is > 0 ? child.Port : root.Port,
            SourceNamespace = child.SourceNamespace ?? root.SourceNamespace,
            Gateways = root.Gateways,
            IgnoreUriCase = (root.IgnoreUriCase ?? false) || (child.IgnoreUriCase ?? false) ? true : null,
            StatPrefix = child.StatPrefix ?? root.StatPrefix,
        };
    }

    /// <summary>The child must be within the root (equal, or an exact/prefix under the root's prefix); a regex on either side conflicts.</summary>
    private static bool TryNarrow(StringMatchConfig? root, StringMatchConfig? child, out StringMatchConfig? result)
    {
        result = child ?? root;
        if (root is null || child is null || root == child)
        {
            return true;
        }

        if (root.Regex is not null || child.Regex is not null)
        {
            return false;
        }

        if (root.Prefix is { } rootPrefix)
        {
            var childValue = child.Exact ?? child.Prefix;
            return childValue is not null && childValue.StartsWith(rootPrefix, StringComparison.Ordinal);
        }

        return false;
    }

    private static bool TryUnion<T>(EquatableDictionary<T>? root, EquatableDictionary<T>? child, out EquatableDictionary<T>? result)
    {
        result = root ?? child;
        if (root is null || child is null)
        {
            return true;
        }

        var entries = new List<KeyValuePair<string, T>>(root);
        foreach (var (key, value) in child)
        {
            if (root.TryGetValue(key, out var existing))
            {
                if (!EqualityComparer<T>.Default.Equals(existing, value))
                {
                    return false;
                }

                continue;
            }

            entries.Add(new KeyValuePair<string, T>(key, value));
        }

        result = new EquatableDictionary<T>(entries);
        return true;
    }
}
