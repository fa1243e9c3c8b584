using System.Text.Json;
using MeshLib.ConnectionPool;
using MeshLib.OutlierDetection;

namespace MeshLib.Sidecar.Admin;

/// <summary>
/// <c>GET /clusters</c>: per cluster, its endpoints with health (outlier ejection) and active requests, and its circuit
/// breakers' counters and limits. A cluster no request has used yet shows its endpoints healthy and idle.
/// </summary>
internal static class ClustersWriter
{
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<ClusterView> clusters)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("clusters");
        foreach (var cluster in clusters)
        {
            WriteCluster(writer, cluster);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteCluster(Utf8JsonWriter writer, ClusterView cluster)
    {
        var model = cluster.Model;
        var state = cluster.State;
        writer.WriteStartObject();
        writer.WriteString("name", model.Name);
        writer.WriteString("host", model.Host);
        writer.WriteNumber("port", model.Port);
        writer.WriteString("subset", model.Subset);
        writer.WriteBoolean("passthrough", model.IsPassthrough);
        writer.WriteBoolean("inUse", state is not null);

        var limiter = state?.Limiter;
        var pool = state?.Pool ?? ConnectionPoolPolicy.From(model.Policy.ConnectionPool);
        writer.WriteStartObject("circuitBreakers");
        writer.WriteNumber("active", limiter?.Active ?? 0);
        writer.WriteNumber("pending", limiter?.Pending ?? 0);
        writer.WriteNumber("activeRetries", limiter?.ActiveRetries ?? 0);
        writer.WriteNumber("pendingOverflows", limiter?.PendingOverflows ?? 0);
        writer.WriteNumber("retryOverflows", limiter?.RetryOverflows ?? 0);
        writer.WriteNumber("overflows", limiter?.Overflows ?? 0);
        WriteLimit(writer, "maxConnections", pool.MaxConnections);
        WriteLimit(writer, "maxPendingRequests", pool.MaxPendingRequests);
        WriteLimit(writer, "maxRequests", pool.MaxRequests);
        WriteLimit(writer, "maxRetries", pool.MaxRetries);
        writer.WriteEndObject();

        var outliers = state?.Outliers;
        writer.WriteStartObject("outlierDetection");
        writer.WriteBoolean("enabled", model.Policy.OutlierDetection is not null);
        writer.WriteNumber("ejected", outliers?.EjectedCount ?? 0);
        writer.WriteNumber("ejectionsEnforced", outliers?.EjectionsEnforcedTotal ?? 0);
        writer.WriteNumber("ejectionsOverflow", outliers?.EjectionsOverflowTotal ?? 0);
        writer.WriteEndObject();

        var health = new Dictionary<string, EndpointHealthSnapshot>(StringComparer.Ordinal);
        if (outliers is not null)
        {
            foreach (var snapshot in outliers.Snapshot())
            {
                health[snapshot.Key] = snapshot;
            }
        }

        writer.WriteStartArray("endpoints");
        if (state is not null)
        {
            foreach (var endpoint in state.Endpoints)
            {
                WriteEndpoint(writer, endpoint.HashKey, endpoint.Weight, endpoint.Locality, endpoint.Labels, endpoint.ActiveRequests, health.GetValueOrDefault(endpoint.HashKey));
            }
        }
        else
        {
            foreach (var endpoint in model.Endpoints)
            {
                WriteEndpoint(writer, endpoint.Key, endpoint.Weight, endpoint.Locality, endpoint.Labels, 0, null);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteEndpoint(
        Utf8JsonWriter writer,
        string address,
        uint weight,
        string? locality,
        IReadOnlyDictionary<string, string> labels,
        int activeRequests,
        EndpointHealthSnapshot? health)
    {
        writer.WriteStartObject();
        writer.WriteString("address", address);
        writer.WriteNumber("weight", weight);
        writer.WriteString("locality", locality);
        writer.WriteStartObject("labels");
        foreach (var (key, value) in labels)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteString("health", health is { IsEjected: true } ? "ejected" : "healthy");
        writer.WriteNumber("activeRequests", activeRequests);
        if (health is not null)
        {
            writer.WriteStartObject("outlier");
            writer.WriteBoolean("ejected", health.IsEjected);
            if (health.EjectedUntil is { } until)
            {
                writer.WriteString("ejectedUntil", until);
            }

            writer.WriteNumber("timesEjected", health.TimesEjected);
            writer.WriteNumber("ejectionMultiplier", health.EjectionMultiplier);
            writer.WriteString("lastEjectionReason", health.LastEjectionReason?.ToString());
            writer.WriteNumber("consecutive5xx", health.Consecutive5xx);
            writer.WriteNumber("consecutiveGatewayErrors", health.ConsecutiveGatewayErrors);
            writer.WriteNumber("consecutiveLocalOriginFailures", health.ConsecutiveLocalOriginFailures);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteLimit(Utf8JsonWriter writer, string name, uint limit)
    {
        if (limit == ConnectionPoolPolicy.Unlimited)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteNumber(name, limit);
        }
    }
}
