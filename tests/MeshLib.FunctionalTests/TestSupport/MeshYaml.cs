using System.Globalization;
using System.Text;

namespace MeshLib.FunctionalTests.TestSupport;

/// <summary>
/// Builds the YAML the tests route over: ServiceEntries with STATIC endpoints on local backends, DestinationRules and
/// VirtualServices.
/// </summary>
internal static class MeshYaml
{
    /// <summary>
    /// A ServiceEntry for <paramref name="host"/> on service port <paramref name="port"/> (named <c>http</c>), one STATIC
    /// endpoint per backend at 127.0.0.1 on the backend's port, with the given labels (<c>version: v1, app: reviews</c>).
    /// </summary>
    public static string ServiceEntry(string host, int port, params (TestBackend Backend, string Labels)[] endpoints) =>
        ServiceEntry(host, port, endpoints.Select(e => (e.Backend.Port, e.Labels)).ToArray());

    /// <summary>As above, with unlabelled endpoints on raw ports (for example a closed port).</summary>
    public static string ServiceEntry(string host, int port, params int[] endpointPorts) =>
        ServiceEntry(host, port, endpointPorts.Select(p => (p, string.Empty)).ToArray());

    /// <summary>As above, with raw endpoint ports and labels (empty: no labels).</summary>
    public static string ServiceEntry(string host, int port, params (int Port, string Labels)[] endpoints)
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: {host.Replace('.', '-')}
            spec:
              hosts: [{host}]
              location: MESH_INTERNAL
              resolution: STATIC
              ports:
              - number: {port}
                name: http
                protocol: HTTP
              endpoints:

            """);
        foreach (var (endpointPort, labels) in endpoints)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - address: 127.0.0.1\n    ports: {{http: {endpointPort}}}\n");
            if (labels.Length > 0)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    labels: {{{labels}}}\n");
            }
        }

        return yaml.ToString();
    }

    /// <summary>A DestinationRule for <paramref name="host"/> with subsets <c>name → version: name</c> and an optional traffic policy (YAML under <c>trafficPolicy:</c>, indented by the caller).</summary>
    public static string DestinationRule(string host, string[] subsets, string? trafficPolicy = null)
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: {host.Replace('.', '-')}
            spec:
              host: {host}

            """);
        if (trafficPolicy is not null)
        {
            yaml.Append("  trafficPolicy:\n");
            foreach (var line in trafficPolicy.Split('\n'))
            {
                yaml.Append("    ").Append(line.TrimEnd('\r')).Append('\n');
            }
        }

        if (subsets.Length > 0)
        {
            yaml.Append("  subsets:\n");
            foreach (var subset in subsets)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"  - name: {subset}\n    labels: {{version: {subset}}}\n");
            }
        }

        return yaml.ToString();
    }

    /// <summary>A DestinationRule for <paramref name="host"/> with only a traffic policy (YAML under <c>trafficPolicy:</c>).</summary>
    public static string DestinationRule(string host, string trafficPolicy) => DestinationRule(host, [], trafficPolicy);

    /// <summary>A VirtualService for <paramref name="host"/> whose <c>http</c> routes are <paramref name="http"/> (a YAML list written from column 0).</summary>
    public static string VirtualService(string host, string http) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: {host.Replace('.', '-')}
        spec:
          hosts: [{host}]
          http:
        {Indent(http, "  ")}
        """;

    /// <summary>
    /// A VirtualService for <paramref name="host"/> with one route to <paramref name="host"/> itself;
    /// <paramref name="routeFields"/> (YAML written from column 0) are the route's other fields: timeout, retries, fault...
    /// </summary>
    public static string RouteTo(string host, string routeFields = "") =>
        VirtualService(host, $"- route: [{{destination: {{host: {host}}}}}]\n{Indent(routeFields, "  ")}");

    /// <summary>A port nothing listens on (bound then released).</summary>
    public static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Indent(string text, string prefix) =>
        string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(line => line.Length == 0 ? line : prefix + line));
}
