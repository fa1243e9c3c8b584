using System.Globalization;
using System.Text;

namespace MeshLib.Benchmarks.Support;

/// <summary>
/// The "realistic" configuration of the handler benchmarks: a <c>reviews</c> service with three versions of three
/// endpoints each, a DestinationRule with LEAST_REQUEST, connection-pool limits, outlier detection and three
/// subsets, and a VirtualService of 10 routes. Nine routes match on headers and uri (prefix, exact, regex) and do not
/// match the benchmark request; the tenth splits traffic 80/10/10 over the subsets, with a route timeout and retries.
/// </summary>
internal static class RealisticMesh
{
    /// <summary>The URI every benchmark request is sent to.</summary>
    public const string RequestUri = "http://reviews:9080/reviews/0";

    /// <summary>The full realistic configuration.</summary>
    public static string Yaml() => Yaml(matchRoutes: 9, destinationRule: true, timeout: true, retries: true);

    /// <summary>
    /// The configuration with parts left out, to see what each costs: <paramref name="matchRoutes"/> non-matching
    /// routes before the default one, the DestinationRule (LEAST_REQUEST, pool limits, outlier detection; without it the
    /// split goes to the whole service), the route timeout, and retries (without them <c>attempts: 0</c>, so no Polly retry).
    /// </summary>
    public static string Yaml(int matchRoutes, bool destinationRule, bool timeout, bool retries)
    {
        var text = new StringBuilder();
        text.Append("""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: reviews
            spec:
              hosts: [reviews]
              location: MESH_INTERNAL
              resolution: STATIC
              ports:
              - {number: 9080, name: http, protocol: HTTP}
              endpoints:

            """);
        for (var version = 1; version <= 3; version++)
        {
            for (var i = 1; i <= 3; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"  - {{address: 10.0.{version}.{i}, labels: {{app: reviews, version: v{version}}}}}\n");
            }
        }

        if (destinationRule)
        {
            text.Append(DestinationRule);
        }

        text.Append("""
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts: [reviews]
              http:

            """);
        for (var i = 0; i < matchRoutes; i++)
        {
            var subset = destinationRule ? $", subset: v{(i % 3) + 1}" : string.Empty;
            var match = (i % 3) switch
            {
                0 => $"{{headers: {{end-user: {{exact: user-{i}}}}}, uri: {{prefix: /reviews/}}}}",
                1 => $"{{headers: {{x-canary: {{regex: \"canary-{i}-.*\"}}}}, uri: {{exact: /reviews/0}}}}",
                _ => $"{{uri: {{regex: \"/api/v{i}/.*\"}}}}",
            };
            text.Append(CultureInfo.InvariantCulture, $$"""
                  - name: r{{i}}
                    match:
                    - {{match}}
                    route:
                    - destination: {host: reviews{{subset}}}

                """);
        }

        text.Append("  - name: default\n");
        if (timeout)
        {
            text.Append("    timeout: 10s\n");
        }

        text.Append(retries
            ? "    retries: {attempts: 2, perTryTimeout: 3s, retryOn: \"connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes\"}\n"
            : "    retries: {attempts: 0}\n");
        text.Append("    route:\n");
        if (destinationRule)
        {
            text.Append("""
                    - destination: {host: reviews, subset: v1}
                      weight: 80
                    - destination: {host: reviews, subset: v2}
                      weight: 10
                    - destination: {host: reviews, subset: v3}
                      weight: 10

                """);
        }
        else
        {
            text.Append("    - destination: {host: reviews}\n");
        }

        return text.ToString();
    }

    private const string DestinationRule = """
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
            spec:
              host: reviews
              trafficPolicy:
                loadBalancer:
                  simple: LEAST_REQUEST
                connectionPool:
                  tcp:
                    maxConnections: 1000
                    connectTimeout: 1s
                  http:
                    http1MaxPendingRequests: 1000
                    http2MaxRequests: 1000
                    maxRetries: 10
                outlierDetection:
                  consecutive5xxErrors: 5
                  interval: 10s
                  baseEjectionTime: 30s
                  maxEjectionPercent: 50
              subsets:
              - {name: v1, labels: {version: v1}}
              - {name: v2, labels: {version: v2}}
              - {name: v3, labels: {version: v3}}

            """;
}
