using MeshLib.Configuration.DestinationRule;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Gateway;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.ServiceEntry;
using MeshLib.Configuration.VirtualService;
using MeshLib.Configuration.WorkloadEntry;

namespace MeshLib.Configuration.Validation;

/// <summary>
/// Checks loaded resources against Istio's validation rules (what the <c>validation.istio.io</c> webhook and
/// <c>istioctl analyze</c> report) and returns every problem at once, errors and warnings.
/// </summary>
public static class MeshConfigValidator
{
    /// <summary>Validates <paramref name="resources"/>.</summary>
    /// <param name="resources">The resources, as loaded.</param>
    /// <param name="defaultNamespace">The namespace of resources that name none.</param>
    /// <returns>Every problem found, in resource order.</returns>
    public static IReadOnlyList<ConfigDiagnostic> Validate(IReadOnlyList<MeshResource> resources, string defaultNamespace = "default")
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentException.ThrowIfNullOrEmpty(defaultNamespace);
        var sink = new List<ConfigDiagnostic>();
        foreach (var resource in resources)
        {
            var context = new ValidationContext(resource, defaultNamespace, sink);
            switch (resource.Spec)
            {
                case VirtualServiceConfig virtualService:
                    VirtualServiceValidator.Validate(context, virtualService);
                    VirtualServiceSupportValidator.Validate(context, virtualService);
                    break;
                case GatewayConfig gateway:
                    GatewayValidator.Validate(context, gateway);
                    break;
                case DestinationRuleConfig destinationRule:
                    DestinationRuleValidator.Validate(context, destinationRule);
                    UpstreamTlsValidator.Validate(context, destinationRule);
                    break;
                case ServiceEntryConfig serviceEntry:
                    ServiceEntryValidator.Validate(context, serviceEntry);
                    break;
                case WorkloadEntryConfig workloadEntry:
                    WorkloadEntryValidator.Validate(context, workloadEntry);
                    break;
            }
        }

        CrossResourceValidator.Validate(resources, defaultNamespace, sink);

        return sink;
    }
}
