using MeshLib.Configuration.Gateway;

namespace MeshLib.Model.Gateways;

/// <summary>
/// Which Gateways this workload serves. Istio applies a Gateway to the gateway workloads its <c>selector</c> matches
/// (no selector: every workload). A workload given labels (<see cref="MeshOptions.WorkloadLabels"/>, the sidecar's
/// <c>--label</c>) serves exactly those; one without labels has no identity to match and serves every Gateway, so
/// that a sidecar started as "the gateway" needs no labels.
/// </summary>
internal static class GatewaySelection
{
    /// <summary>Whether this workload serves <paramref name="gateway"/>.</summary>
    public static bool Serves(GatewayConfig gateway, MeshOptions options)
    {
        var labels = options.WorkloadLabels;
        if (labels.Count == 0 || gateway.Selector is not { Count: > 0 } selector)
        {
            return true;
        }

        foreach (var (key, value) in selector)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }
}
