using System.Globalization;

namespace MeshLib.Cli.Explain;

/// <summary>Writes an <see cref="Explanation"/> for people, in the spirit of <c>istioctl x describe</c>.</summary>
internal static class ExplanationTextRenderer
{
    private const string Indent = "        ";

    /// <summary>Writes <paramref name="explanation"/> to <paramref name="output"/>.</summary>
    /// <param name="explanation">The explanation.</param>
    /// <param name="output">Where to write.</param>
    public static void Render(Explanation explanation, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(output);
        var request = explanation.Request;
        var headers = request.Headers.Count == 0 ? string.Empty : $" ({string.Join(", ", request.Headers.Select(h => $"{h.Name}: {h.Value}"))})";
        output.WriteLine($"{request.Method} {request.Url}{headers}");

        if (explanation.VirtualHost is not { } virtualHost)
        {
            output.WriteLine($"virtual host: none for {request.Host}  (outbound traffic policy {explanation.OutboundTrafficPolicy})");
            output.WriteLine($"result: {Result(explanation)}");
            return;
        }

        var source = virtualHost.VirtualService ?? $"no VirtualService: default route of {virtualHost.Service ?? "the registry service"}";
        output.WriteLine($"virtual host: {virtualHost.Host}  ({source})");
        WriteRoute(explanation, output);

        if (explanation.Redirect is { } redirect)
        {
            output.WriteLine($"redirect: {Number(redirect.StatusCode)} → {redirect.Location}");
        }

        if (explanation.DirectResponse is { } direct)
        {
            var body = direct.Body is null ? "no body" : "body " + MatchDescriber.Quote(direct.Body);
            output.WriteLine($"direct response: {Number(direct.Status)}, {body}");
        }

        if (explanation.Outcome == ExplanationOutcome.CorsPreflight)
        {
            output.WriteLine($"cors: the route's corsPolicy answers this preflight: {Number(explanation.Status ?? 0)}");
        }

        if (explanation.Destinations.Count > 0)
        {
            WriteDestinations(explanation.Destinations, output);
        }

        if (explanation.Policies is { } policies)
        {
            WritePolicies(policies, explanation.Destinations, output);
        }

        output.WriteLine($"result: {Result(explanation)}");
    }

    private static string Result(Explanation explanation) => explanation.Outcome switch
    {
        ExplanationOutcome.Passthrough => "passthrough: " + explanation.Summary,
        ExplanationOutcome.Forward => explanation.Summary,
        _ => $"{Number(explanation.Status ?? 0)}: {explanation.Summary}",
    };

    private static void WriteRoute(Explanation explanation, TextWriter output)
    {
        if (explanation.Route is not { } route)
        {
            output.WriteLine("route: none matched → 404");
            foreach (var candidate in explanation.Routes)
            {
                output.WriteLine($"  {RequestExplainer.RouteLabel(candidate)}");
                foreach (var match in candidate.Matches)
                {
                    output.WriteLine($"    {MatchLabel(match)}: {match.Description}");
                    foreach (var condition in match.Conditions)
                    {
                        output.WriteLine($"      {(condition.Matched ? "✓" : "✗")} {condition.Description}  (request: {Actual(condition)})");
                    }
                }
            }

            return;
        }

        var matchedBy = route.MatchedBy is { Index: not null } block
            ? $"matched by {MatchLabel(block)}: {block.Description}"
            : $"matched ({MatchDescriber.AnyRequest}: the route has no match conditions)";
        output.WriteLine($"route: {RequestExplainer.RouteLabel(route)} {matchedBy}");
        foreach (var skipped in explanation.Routes.Where(r => r.Index < route.Index))
        {
            var failures = skipped.Matches.Select(m =>
                $"{MatchLabel(m)} fails on {string.Join(", ", m.Conditions.Where(c => !c.Matched).Select(c => $"{c.Description} (request: {Actual(c)})"))}");
            output.WriteLine($"  skipped {RequestExplainer.RouteLabel(skipped)}: {string.Join("; ", failures)}");
        }
    }

    private static void WriteDestinations(IReadOnlyList<DestinationInfo> destinations, TextWriter output)
    {
        output.WriteLine("destinations:");
        var weighted = destinations.Count > 1;
        foreach (var destination in destinations)
        {
            var share = DurationText.Percent(destination.Percent).PadLeft(6);
            var weight = weighted ? $"  weight {Number(destination.Weight)}" : string.Empty;
            var port = destination.Port is { } p ? $" port {Number(p)}" : string.Empty;
            var subset = destination.Subset is { } s ? $" subset {s}" : string.Empty;
            var target = destination.Cluster is { } cluster ? $"cluster {cluster.Name}" : $"no cluster: {destination.Problem}";
            output.WriteLine($"{share}{weight}  {destination.Host}{port}{subset}  → {target}");
            if (destination.Cluster is { } c)
            {
                WriteEndpoints(c, output);
            }
        }
    }

    private static void WriteEndpoints(ClusterInfo cluster, TextWriter output)
    {
        if (cluster.Passthrough)
        {
            output.WriteLine($"{Indent}endpoints: none listed: resolution {cluster.Resolution} sends requests to the address asked for");
            return;
        }

        if (cluster.Endpoints.Count == 0)
        {
            output.WriteLine($"{Indent}endpoints: none ({cluster.Service} has no endpoint with the subset's labels): 503 no healthy upstream");
            return;
        }

        var prefix = "endpoints: ";
        foreach (var endpoint in cluster.Endpoints)
        {
            var labels = string.Join(", ", endpoint.Labels.Select(l => $"{l.Key}={l.Value}"));
            var locality = endpoint.Locality is { } l ? $" locality {l}" : string.Empty;
            output.WriteLine($"{Indent}{prefix}{Address(endpoint)} {{{labels}}} weight {Number(endpoint.Weight)}{locality}");
            prefix = new string(' ', prefix.Length);
        }
    }

    private static void WritePolicies(RoutePoliciesInfo policies, IReadOnlyList<DestinationInfo> destinations, TextWriter output)
    {
        output.WriteLine("policies:");
        output.WriteLine($"  fault: {Fault(policies.Fault)}");
        output.WriteLine($"  timeout: {policies.Timeout ?? "none"}");
        output.WriteLine($"  retries: {Retries(policies.Retries)}");
        if (policies.Rewrite is { } rewrite)
        {
            var parts = new List<string>();
            if (rewrite.Path is { } path)
            {
                parts.Add($"path → {path}");
            }

            if (rewrite.Authority is { } authority)
            {
                parts.Add($"authority → {authority}");
            }

            output.WriteLine($"  rewrite: {string.Join(", ", parts)}");
        }

        foreach (var mirror in policies.Mirrors)
        {
            var subset = mirror.Subset is { } s ? $" subset {s}" : string.Empty;
            var target = mirror.Cluster is { } cluster ? $"cluster {cluster}" : "no cluster (the mirror is skipped)";
            output.WriteLine($"  mirror: {DurationText.Percent(mirror.Percent)} to {mirror.Host}{subset} → {target}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cluster in destinations.Select(d => d.Cluster).OfType<ClusterInfo>())
        {
            if (!seen.Add(cluster.Name))
            {
                continue;
            }

            output.WriteLine($"  cluster {cluster.Name}:");
            output.WriteLine($"    load balancer: {LoadBalancer(cluster.LoadBalancer)}");
            output.WriteLine($"    connection pool: {ConnectionPool(cluster.ConnectionPool)}");
            output.WriteLine($"    outlier detection: {OutlierDetection(cluster.OutlierDetection)}");
            output.WriteLine($"    tls: {Tls(cluster.Tls)}");
        }
    }

    private static string Fault(FaultInfo? fault)
    {
        if (fault is null)
        {
            return "none";
        }

        if (fault.Note is { } note)
        {
            return note;
        }

        var parts = new List<string>();
        if (fault.Delay is { } delay)
        {
            parts.Add($"delay {delay.FixedDelay} for {DurationText.Percent(delay.Percent)} of requests");
        }

        if (fault.Abort is { } abort)
        {
            var status = abort.GrpcStatus is { } grpc ? $"grpc-status {Number(grpc)} (HTTP {Number(abort.HttpStatus)})" : Number(abort.HttpStatus);
            parts.Add($"abort {status} for {DurationText.Percent(abort.Percent)} of requests (never retried)");
        }

        return string.Join("; ", parts);
    }

    private static string Retries(RetryInfo retries)
    {
        if (retries.Attempts == 0)
        {
            return "disabled (attempts 0)";
        }

        var text = $"{Number(retries.Attempts)} on {retries.RetryOn}";
        if (retries.IsDefault)
        {
            text += " (Istio default)";
        }

        if (retries.RetriableStatusCodes.Count > 0)
        {
            text += $", status codes {string.Join(",", retries.RetriableStatusCodes.Select(Number))}";
        }

        text += retries.PerTryTimeout switch
        {
            null => ", per-try timeout none",
            var perTry when retries.PerTryTimeoutApplies => $", per-try timeout {perTry}",
            var perTry => $", per-try timeout {perTry} (ignored: not shorter than the route timeout)",
        };
        text += $", backoff {retries.BackoffBaseInterval} doubling to {retries.BackoffMaxInterval} (full jitter)";
        if (retries.RetryRemoteLocalities)
        {
            text += ", retryRemoteLocalities";
        }

        if (retries.RetryIgnorePreviousHosts is { } ignore)
        {
            text += $", retryIgnorePreviousHosts {(ignore ? "true" : "false")}";
        }

        return text;
    }

    private static string LoadBalancer(LoadBalancerInfo lb)
    {
        var text = lb.IsDefault ? $"{lb.Algorithm} (default)" : lb.Algorithm;
        if (lb.Simple is { } simple && simple != lb.Algorithm)
        {
            text += $" (simple: {simple})";
        }

        if (lb.ConsistentHash is { } hash)
        {
            var on = hash.HashOn switch
            {
                "httpHeaderName" => $"header {hash.Key}",
                "httpCookie" => $"cookie {hash.Key}",
                "httpQueryParameterName" => $"query parameter {hash.Key}",
                "useSourceIp" => "source IP",
                _ => "nothing",
            };
            var value = hash.RequestValue is { } v ? $"request: {MatchDescriber.Quote(v)}" : "request has none: random endpoint";
            text += $" on {on} ({value})";
            if (hash.RingSize is { } ring)
            {
                text += $", minimum ring size {ring.ToString(CultureInfo.InvariantCulture)}";
            }

            if (hash.TableSize is { } table)
            {
                text += $", table size {table.ToString(CultureInfo.InvariantCulture)}";
            }
        }

        if (lb.LocalityLbSetting)
        {
            text += ", localityLbSetting";
        }

        return text;
    }

    private static string ConnectionPool(ConnectionPoolInfo pool)
    {
        var timeouts = $"connect timeout {pool.ConnectTimeout}, idle timeout {(pool.IdleTimeout == "0s" ? "none" : pool.IdleTimeout)}";
        if (pool.IsDefault)
        {
            return $"Istio defaults (no limits; {timeouts})";
        }

        var text = $"maxConnections {Limit(pool.MaxConnections)}, http1MaxPendingRequests {Limit(pool.Http1MaxPendingRequests)}, "
            + $"http2MaxRequests {Limit(pool.Http2MaxRequests)}, maxRequestsPerConnection {Limit(pool.MaxRequestsPerConnection)}, "
            + $"maxRetries {Limit(pool.MaxRetries)}; {timeouts}";
        if (pool.MaxConnectionDuration is { } lifetime)
        {
            text += $", maxConnectionDuration {lifetime}";
        }

        if (pool.H2UpgradePolicy != "DEFAULT")
        {
            text += $", h2UpgradePolicy {pool.H2UpgradePolicy}";
        }

        if (pool.UseClientProtocol)
        {
            text += ", useClientProtocol";
        }

        return text + " (overflow: 503, x-envoy-overloaded)";
    }

    private static string OutlierDetection(OutlierDetectionInfo? outlier)
    {
        if (outlier is null)
        {
            return "none (endpoints are never ejected)";
        }

        var text = $"consecutive5xxErrors {Number(outlier.Consecutive5xxErrors)}";
        if (outlier.ConsecutiveGatewayErrors > 0)
        {
            text += $", consecutiveGatewayErrors {Number(outlier.ConsecutiveGatewayErrors)}";
        }

        if (outlier.SplitExternalLocalOriginErrors)
        {
            text += $", consecutiveLocalOriginFailures {Number(outlier.ConsecutiveLocalOriginFailures)} (split)";
        }

        text += $", interval {outlier.Interval}, baseEjectionTime {outlier.BaseEjectionTime} (max {outlier.MaxEjectionTime})"
            + $", maxEjectionPercent {Number(outlier.MaxEjectionPercent)}%, minHealthPercent {Number(outlier.MinHealthPercent)}%";
        if (outlier.HttpErrorCodes is { } codes)
        {
            text += $", error codes {string.Join(",", codes.Select(Number))}";
        }

        return text;
    }

    private static string Tls(TlsInfo? tls)
    {
        if (tls is null)
        {
            return "none (plain text)";
        }

        var text = tls.Mode switch
        {
            "ISTIO_MUTUAL" => "ISTIO_MUTUAL (plain text: MeshLib has no Istio CA)",
            "DISABLE" => "DISABLE (plain text)",
            var mode => mode,
        };
        if (tls.Sni is { } sni)
        {
            text += $", sni {sni}";
        }

        if (tls.CredentialName is { } credential)
        {
            text += $", credentialName {credential}";
        }

        if (tls.ClientCertificate is { } certificate)
        {
            text += $", clientCertificate {certificate}";
        }

        if (tls.CaCertificates is { } ca)
        {
            text += $", caCertificates {ca}";
        }

        if (tls.SubjectAltNames.Count > 0)
        {
            text += $", subjectAltNames {string.Join(",", tls.SubjectAltNames)}";
        }

        if (tls.InsecureSkipVerify)
        {
            text += ", insecureSkipVerify";
        }

        return text;
    }

    private static string MatchLabel(MatchInfo match) =>
        match.Name is { } name ? $"match #{Number(match.Index ?? 0)} \"{name}\"" : $"match #{Number(match.Index ?? 0)}";

    private static string Actual(ConditionInfo condition) => condition.Actual is { } actual ? MatchDescriber.Quote(actual) : "none";

    private static string Address(EndpointInfo endpoint) =>
        endpoint.Address.Contains(':', StringComparison.Ordinal) ? $"[{endpoint.Address}]:{Number(endpoint.Port)}" : $"{endpoint.Address}:{Number(endpoint.Port)}";

    private static string Limit(uint? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "unlimited";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(uint value) => value.ToString(CultureInfo.InvariantCulture);
}
