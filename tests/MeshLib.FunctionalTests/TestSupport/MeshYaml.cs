using System.Globalization;
using System.Text;

namespace MeshLib.FunctionalTests.TestSupport;

/// <summary>Builds the registry the tests route over: ServiceEntries with STATIC endpoints on local backends.</summary>
internal static class MeshYaml
{
    /// <summary>
    /// A ServiceEntry for <paramref name="host"/> on service port <paramref name="port"/> (named <c>http</c>), one STATIC
    /// endpoint per backend at 127.0.0.1 on the backend's port, with the given labels (<c>version: v1, app: reviews</c>).
    /// </summary>
    public static string ServiceEntry(string host, int port, params (TestBackend Backend, string Labels)[] endpoints) =>
        ServiceEntry(host, port, endpoints.Select(e => (e.Backend.Port, e.Labels)).ToArray());

    /// <summary>As above, with raw endpoint ports (for example a closed port).</summary>
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
            yaml.Append(CultureInfo.InvariantCulture, $"  - address: 127.0.0.1\n    ports: {{http: {endpointPort}}}\n    labels: {{{labels}}}\n");
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

    /// <summary>A port nothing listens on (bound then released).</summary>
    public static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
