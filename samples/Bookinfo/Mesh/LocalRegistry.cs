using System.Globalization;
using System.Text;
using Bookinfo.Apps;

namespace Bookinfo.Mesh;

/// <summary>
/// The local service registry, in place of Kubernetes' Services and Pods: one <c>ServiceEntry</c> per service
/// (<c>MESH_INTERNAL</c>, <c>resolution: STATIC</c>, <c>workloadSelector: app</c>) and one <c>WorkloadEntry</c> per
/// running workload with its <c>app</c> and <c>version</c> labels and its real 127.0.0.1 port — the labels the
/// DestinationRule subsets select, as the pods' labels do in <c>bookinfo.yaml</c>.
/// </summary>
public static class LocalRegistry
{
    /// <summary>The YAML for the given workloads.</summary>
    /// <param name="workloads">The running workloads.</param>
    /// <returns>A multi-document YAML text.</returns>
    public static string Yaml(IEnumerable<BookinfoApp> workloads)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        var text = new StringBuilder("# Written by the Bookinfo runner: the local service registry (ports are this run's ephemeral ports).\n");
        foreach (var service in workloads.GroupBy(w => w.Service))
        {
            var port = service.Key == "httpbin" ? 8000 : 9080;
            text.Append(CultureInfo.InvariantCulture, $"""
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata:
                  name: {service.Key}
                spec:
                  hosts:
                  - {service.Key}
                  location: MESH_INTERNAL
                  resolution: STATIC
                  ports:
                  - number: {port}
                    name: http
                    protocol: HTTP
                  workloadSelector:
                    labels:
                      app: {service.Key}

                """);
            foreach (var workload in service)
            {
                text.Append(CultureInfo.InvariantCulture, $"""
                    ---
                    apiVersion: networking.istio.io/v1
                    kind: WorkloadEntry
                    metadata:
                      name: {workload.PodName}
                    spec:
                      address: 127.0.0.1
                      ports:
                        http: {workload.Port}
                      labels:
                        app: {workload.Service}
                        version: {workload.Version}

                    """);
            }
        }

        return text.ToString();
    }
}
