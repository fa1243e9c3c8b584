using MeshLib.Configuration.DestinationRule;

namespace MeshLib.Configuration.Validation;

/// <summary>
/// Istio's rules for a DestinationRule (<c>ValidateDestinationRule</c> and the CRD schema): host, subsets,
/// traffic policies at every level, <c>exportTo</c> and the workload selector. Load-balancer rules live in
/// <see cref="LoadBalancerValidator"/>.
/// </summary>
internal static class DestinationRuleValidator
{
    private const string ConfigMapPrefix = "configmap://";

    /// <summary>Validates <paramref name="spec"/>, reporting every problem to <paramref name="ctx"/>.</summary>
    /// <param name="ctx">Where problems go.</param>
    /// <param name="spec">The DestinationRule spec.</param>
    public static void Validate(ValidationContext ctx, DestinationRuleConfig spec)
    {
        const string path = "spec";
        if (CommonRules.WildcardDomain(spec.Host ?? string.Empty) is { } hostError)
        {
            ctx.Error(spec, path, "host", hostError);
        }

        TrafficPolicy(ctx, spec.TrafficPolicy, ValidationContext.Join(path, "trafficPolicy"));
        Subsets(ctx, spec);
        ExportTo(ctx, spec, path);
        WorkloadSelector(ctx, spec.WorkloadSelector, ValidationContext.Join(path, "workloadSelector"));
    }

    private static void Subsets(ValidationContext ctx, DestinationRuleConfig spec)
    {
        if (spec.Subsets is null)
        {
            return;
        }

        var listPath = ValidationContext.Join("spec", "subsets");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Subsets.Count; i++)
        {
            var subset = spec.Subsets[i];
            var path = ValidationContext.Index(listPath, i);
            if (subset is null)
            {
                ctx.Error(spec, path, null, "subset may not be null");
                continue;
            }

            var name = subset.Name ?? string.Empty;
            if (!names.Add(name))
            {
                ctx.Error(subset, path, "name", $"duplicate subset names: {name}");
            }

            if (SubsetName(name) is { } nameError)
            {
                ctx.Error(subset, path, "name", nameError);
            }

            if (subset.Labels is not null)
            {
                foreach (var (key, value) in subset.Labels)
                {
                    if (CommonRules.Label(key, value) is { } labelError)
                    {
                        ctx.Error(subset, path, "labels", labelError);
                    }
                }
            }

            TrafficPolicy(ctx, subset.TrafficPolicy, ValidationContext.Join(path, "trafficPolicy"));
        }
    }

    /// <summary>Istio's <c>validateSubsetName</c>, shared by subsets and route destinations.</summary>
    /// <param name="name">The subset name.</param>
    /// <returns>Istio's message, or <see langword="null"/>.</returns>
    public static string? SubsetName(string name) =>
        name.Length == 0 ? "subset name cannot be empty"
        : CommonRules.IsDns1123Label(name) ? null
        : $"subset name is invalid: {name}";

    private static void ExportTo(ValidationContext ctx, DestinationRuleConfig spec, string path)
    {
        if (spec.ExportTo is not { Count: > 0 } exportTo)
        {
            return;
        }

        foreach (var message in CommonRules.ExportTo(exportTo, ctx.Namespace, isServiceEntry: false))
        {
            ctx.Error(spec, path, "exportTo", message);
        }

        if (spec.WorkloadSelector is null)
        {
            return;
        }

        // As Istio: "." stands for the rule's own namespace; invalid entries do not count.
        var scopes = exportTo
            .Select(e => e == "." ? ctx.Namespace : e)
            .Where(e => e == "*" || CommonRules.IsDns1123Label(e))
            .ToHashSet(StringComparer.Ordinal);
        if (scopes.Count == 0)
        {
            return;
        }

        if (!scopes.Contains(ctx.Namespace))
        {
            ctx.Error(spec, path, "exportTo", "destination rule with workload selector cannot have exportTo beyond current namespace");
        }
        else if (scopes.Count > 1)
        {
            ctx.Error(spec, path, "exportTo", "destination rule with workload selector cannot have multiple entries in exportTo");
        }
    }

    private static void WorkloadSelector(ValidationContext ctx, DestinationRuleWorkloadSelectorConfig? selector, string path)
    {
        if (selector is null)
        {
            return;
        }

        if (selector.MatchLabels is not { Count: > 0 } labels)
        {
            ctx.Warning(selector, path, "matchLabels", "workload selector specified without labels");
            return;
        }

        foreach (var (key, value) in labels)
        {
            if (key.Length == 0)
            {
                ctx.Error(selector, path, "matchLabels", "key must not be empty");
            }

            if (key.Contains('*', StringComparison.Ordinal))
            {
                ctx.Error(selector, path, "matchLabels", "wildcard not allowed in label key match");
            }

            if (value.Contains('*', StringComparison.Ordinal))
            {
                ctx.Error(selector, path, "matchLabels", "wildcard not allowed in label value match");
            }
        }
    }

    private static void TrafficPolicy(ValidationContext ctx, TrafficPolicyConfig? policy, string path)
    {
        if (policy is null)
        {
            return;
        }

        if (policy.OutlierDetection is null && policy.ConnectionPool is null && policy.LoadBalancer is null
            && policy.Tls is null && policy.PortLevelSettings is null && policy.Tunnel is null
            && policy.ProxyProtocol is null && policy.RetryBudget is null)
        {
            ctx.Error(policy, path, null, "traffic policy must have at least one field");
            return;
        }

        // Istio stops here: the rest of the policy is not checked.
        if (policy.Tunnel is not null && policy.ProxyProtocol is not null)
        {
            ctx.Error(policy, path, null, "tunnel and proxyProtocol must not be set together");
            return;
        }

        OutlierDetection(ctx, policy.OutlierDetection, ValidationContext.Join(path, "outlierDetection"));
        ConnectionPool(ctx, policy.ConnectionPool, ValidationContext.Join(path, "connectionPool"));
        LoadBalancerValidator.Validate(ctx, policy.LoadBalancer, policy.OutlierDetection, ValidationContext.Join(path, "loadBalancer"));
        Tls(ctx, policy.Tls, ValidationContext.Join(path, "tls"));
        PortLevelSettings(ctx, policy, ValidationContext.Join(path, "portLevelSettings"));
        Tunnel(ctx, policy.Tunnel, ValidationContext.Join(path, "tunnel"));
        ProxyProtocol(ctx, policy.ProxyProtocol, ValidationContext.Join(path, "proxyProtocol"));
    }

    private static void PortLevelSettings(ValidationContext ctx, TrafficPolicyConfig policy, string listPath)
    {
        if (policy.PortLevelSettings is null)
        {
            return;
        }

        for (var i = 0; i < policy.PortLevelSettings.Count; i++)
        {
            var setting = policy.PortLevelSettings[i];
            var path = ValidationContext.Index(listPath, i);
            if (setting is null)
            {
                ctx.Error(policy, path, null, "traffic policy may not be null");
                continue;
            }

            if (setting.Port is null)
            {
                ctx.Error(setting, path, "port", "portTrafficPolicy must have valid port");
            }
            else if (CommonRules.Port(setting.Port.Number ?? 0) is { } portError)
            {
                ctx.Error(setting.Port, ValidationContext.Join(path, "port"), "number", portError);
            }

            if (setting.OutlierDetection is null && setting.ConnectionPool is null && setting.LoadBalancer is null && setting.Tls is null)
            {
                ctx.Error(setting, path, null, "port traffic policy must have at least one field");
                continue;
            }

            OutlierDetection(ctx, setting.OutlierDetection, ValidationContext.Join(path, "outlierDetection"));
            ConnectionPool(ctx, setting.ConnectionPool, ValidationContext.Join(path, "connectionPool"));
            LoadBalancerValidator.Validate(ctx, setting.LoadBalancer, setting.OutlierDetection, ValidationContext.Join(path, "loadBalancer"));
            Tls(ctx, setting.Tls, ValidationContext.Join(path, "tls"));
        }
    }

    private static void ConnectionPool(ValidationContext ctx, ConnectionPoolSettingsConfig? pool, string path)
    {
        if (pool is null)
        {
            return;
        }

        if (pool.Http is null && pool.Tcp is null)
        {
            ctx.Error(pool, path, null, "connection pool must have at least one field");
            return;
        }

        if (pool.Http is { } http)
        {
            var httpPath = ValidationContext.Join(path, "http");
            NonNegative(ctx, http, httpPath, "http1MaxPendingRequests", http.Http1MaxPendingRequests, "http1 max pending requests must be non-negative");
            NonNegative(ctx, http, httpPath, "http2MaxRequests", http.Http2MaxRequests, "http2 max requests must be non-negative");
            NonNegative(ctx, http, httpPath, "maxRequestsPerConnection", http.MaxRequestsPerConnection, "max requests per connection must be non-negative");
            NonNegative(ctx, http, httpPath, "maxRetries", http.MaxRetries, "max retries must be non-negative");
            Duration(ctx, http, httpPath, "idleTimeout", http.IdleTimeout);
            if (http.H2UpgradePolicy == H2UpgradePolicy.Upgrade && http.UseClientProtocol == true)
            {
                ctx.Error(http, httpPath, "useClientProtocol", "use client protocol must not be true when H2UpgradePolicy is UPGRADE");
            }

            NonNegative(ctx, http, httpPath, "maxConcurrentStreams", http.MaxConcurrentStreams, "max concurrent streams must be non-negative");
            if (http.Http2KeepAlive is { } keepAlive)
            {
                var keepAlivePath = ValidationContext.Join(httpPath, "http2KeepAlive");
                if (keepAlive.Interval is null)
                {
                    ctx.Error(keepAlive, keepAlivePath, "interval", "http2 keepalive interval is required");
                }

                if (keepAlive.Timeout is null)
                {
                    ctx.Error(keepAlive, keepAlivePath, "timeout", "http2 keepalive timeout is required");
                }

                Duration(ctx, keepAlive, keepAlivePath, "interval", keepAlive.Interval);
                Duration(ctx, keepAlive, keepAlivePath, "timeout", keepAlive.Timeout);
            }
        }

        if (pool.Tcp is { } tcp)
        {
            var tcpPath = ValidationContext.Join(path, "tcp");
            NonNegative(ctx, tcp, tcpPath, "maxConnections", tcp.MaxConnections, "max connections must be non-negative");
            Duration(ctx, tcp, tcpPath, "connectTimeout", tcp.ConnectTimeout);
            Duration(ctx, tcp, tcpPath, "maxConnectionDuration", tcp.MaxConnectionDuration);

            // 0s switches the TCP idle timeout off.
            if (tcp.IdleTimeout is { } idle && CommonRules.DurationOrZero(idle) is { } idleError)
            {
                ctx.Error(tcp, tcpPath, "idleTimeout", idleError);
            }

            if (tcp.TcpKeepalive is { } keepalive)
            {
                var keepalivePath = ValidationContext.Join(tcpPath, "tcpKeepalive");
                Duration(ctx, keepalive, keepalivePath, "time", keepalive.Time);
                Duration(ctx, keepalive, keepalivePath, "interval", keepalive.Interval);
            }
        }
    }

    private static void OutlierDetection(ValidationContext ctx, OutlierDetectionConfig? outlier, string path)
    {
        if (outlier is null)
        {
            return;
        }

        Duration(ctx, outlier, path, "baseEjectionTime", outlier.BaseEjectionTime);
        if (outlier.ConsecutiveErrors is not null and not 0)
        {
            ctx.Warning(outlier, path, "consecutiveErrors",
                "outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead");
        }

        if (outlier.SplitExternalLocalOriginErrors != true && outlier.ConsecutiveLocalOriginFailures is > 0)
        {
            ctx.Error(outlier, path, "consecutiveLocalOriginFailures",
                "outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false");
        }

        Duration(ctx, outlier, path, "interval", outlier.Interval);
        if (CommonRules.Percent(outlier.MaxEjectionPercent ?? 0) is { } maxError)
        {
            ctx.Error(outlier, path, "maxEjectionPercent", maxError);
        }

        if (CommonRules.Percent(outlier.MinHealthPercent ?? 0) is { } minError)
        {
            ctx.Error(outlier, path, "minHealthPercent", minError);
        }

        if (outlier.OutlierDetectionHttpErrorCodes is { } codes)
        {
            foreach (var code in codes.Where(c => c is < 100 or > 599))
            {
                ctx.Error(outlier, path, "outlierDetectionHttpErrorCodes", $"HTTP error code {code} must be in the range 100..599");
            }
        }
    }

    private static void Tls(ValidationContext ctx, ClientTlsSettingsConfig? tls, string path)
    {
        if (tls is null)
        {
            return;
        }

        var credentialName = tls.CredentialName ?? string.Empty;
        if (credentialName.StartsWith(ConfigMapPrefix, StringComparison.Ordinal) && ConfigMapCredential(credentialName, ctx.Namespace) is { } cmError)
        {
            ctx.Error(tls, path, "credentialName", $"invalid configmap:// credentialName: {cmError}");
        }

        var hasCa = !string.IsNullOrEmpty(tls.CaCertificates);
        var hasSans = tls.SubjectAltNames is not null;
        if (tls.InsecureSkipVerify == true)
        {
            if (tls.Mode == ClientTlsMode.Simple && (hasCa || credentialName.Length > 0 || hasSans))
            {
                ctx.Error(tls, path, "insecureSkipVerify", "cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true");
            }

            if (tls.Mode == ClientTlsMode.Mutual && (hasCa || hasSans))
            {
                ctx.Error(tls, path, "insecureSkipVerify", "cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true");
            }
        }

        var mutual = tls.Mode == ClientTlsMode.Mutual;
        if ((tls.Mode == ClientTlsMode.Simple || mutual) && credentialName.Length > 0)
        {
            if (!string.IsNullOrEmpty(tls.ClientCertificate) || hasCa || !string.IsNullOrEmpty(tls.PrivateKey) || !string.IsNullOrEmpty(tls.CaCrl))
            {
                ctx.Error(tls, path, "credentialName", "cannot specify client certificates or CA certificate or CA CRL If credentialName is set");
            }

            // The secret supplies the key pair, so MUTUAL needs no files.
            return;
        }

        if (mutual)
        {
            if (string.IsNullOrEmpty(tls.ClientCertificate))
            {
                ctx.Error(tls, path, "clientCertificate", "client certificate required for mutual tls");
            }

            if (string.IsNullOrEmpty(tls.PrivateKey))
            {
                ctx.Error(tls, path, "privateKey", "private key required for mutual tls");
            }
        }
    }

    // configmap://name or configmap://namespace/name; the namespace must be the rule's own.
    private static string? ConfigMapCredential(string credentialName, string configNamespace)
    {
        var parts = credentialName[ConfigMapPrefix.Length..].Split('/');
        var (ns, name) = parts.Length switch
        {
            1 => (configNamespace, parts[0]),
            2 => (parts[0], parts[1]),
            _ => (string.Empty, string.Empty),
        };
        if (ns.Length == 0 || name.Length == 0)
        {
            return $"invalid resource name {GoFormat.Quote(credentialName)}. Expected configmap://<namespace>/<name>";
        }

        return ns == configNamespace ? null : $"namespace must match the configuration namespace {GoFormat.Quote(configNamespace)}";
    }

    private static void Tunnel(ValidationContext ctx, TunnelSettingsConfig? tunnel, string path)
    {
        if (tunnel is null)
        {
            return;
        }

        if (!string.IsNullOrEmpty(tunnel.Protocol) && tunnel.Protocol is not ("CONNECT" or "POST"))
        {
            ctx.Error(tunnel, path, "protocol", "tunnel protocol must be \"CONNECT\" or \"POST\"");
        }

        var targetHost = tunnel.TargetHost ?? string.Empty;
        if (CommonRules.Fqdn(targetHost) is { } fqdnError && !CommonRules.IsIpAddress(targetHost))
        {
            ctx.Error(tunnel, path, "targetHost", $"tunnel target host must be valid FQDN or IP address: {fqdnError}; {targetHost} is not a valid IP");
        }

        if (CommonRules.Port(tunnel.TargetPort ?? 0) is { } portError)
        {
            ctx.Error(tunnel, path, "targetPort", $"tunnel target port is invalid: {portError}");
        }
    }

    private static void ProxyProtocol(ValidationContext ctx, ProxyProtocolConfig? proxyProtocol, string path)
    {
        // Only reachable with a numeric value outside the enum.
        if (proxyProtocol?.Version is { } version && version is not (ProxyProtocolVersion.V1 or ProxyProtocolVersion.V2))
        {
            ctx.Error(proxyProtocol, path, "version", $"proxy protocol version is invalid: {CommonRules.Int((long)version)}");
        }
    }

    private static void NonNegative(ValidationContext ctx, ConfigElement owner, string path, string field, int? value, string message)
    {
        if (value < 0)
        {
            ctx.Error(owner, path, field, message);
        }
    }

    /// <summary>Reports the duration rule (≥1ms, whole milliseconds) for a set duration field.</summary>
    /// <param name="ctx">Where problems go.</param>
    /// <param name="owner">The record holding the field.</param>
    /// <param name="path">The owner's path.</param>
    /// <param name="field">The field's camelCase key.</param>
    /// <param name="value">The value, or <see langword="null"/> when unset.</param>
    public static void Duration(ValidationContext ctx, ConfigElement owner, string path, string field, Duration? value)
    {
        if (value is { } duration && CommonRules.Duration(duration) is { } error)
        {
            ctx.Error(owner, path, field, error);
        }
    }
}
