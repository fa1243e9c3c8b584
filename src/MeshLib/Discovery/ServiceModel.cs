using MeshLib.Configuration;
using MeshLib.Configuration.ServiceEntry;

namespace MeshLib.Discovery;

/// <summary>A service in the local registry, from a ServiceEntry host.</summary>
/// <param name="Host">The fully qualified host (or wildcard).</param>
/// <param name="Namespace">The namespace of the ServiceEntry.</param>
/// <param name="Resolution">How endpoints are found.</param>
/// <param name="Ports">The service ports.</param>
/// <param name="Endpoints">The endpoints (empty for NONE resolution, which passes through to the requested address).</param>
/// <param name="Source">The ServiceEntry as <c>Kind/namespace/name</c>.</param>
internal sealed record ServiceModel(
    string Host,
    string Namespace,
    ServiceEntryResolution Resolution,
    EquatableList<ServicePortModel> Ports,
    EquatableList<EndpointModel> Endpoints,
    string Source)
{
    /// <summary>The ServiceEntry's <c>subjectAltNames</c>: what a TLS upstream's certificate must carry when the DestinationRule names none.</summary>
    public EquatableList<string> SubjectAltNames { get; init; } = [];

    /// <summary>Whether requests go to the address the caller asked for rather than to registry endpoints.</summary>
    public bool IsPassthrough => Resolution is ServiceEntryResolution.None or ServiceEntryResolution.DynamicDns;

    /// <summary>The port numbered <paramref name="number"/>, if the service has it.</summary>
    public ServicePortModel? FindPort(int number)
    {
        foreach (var port in Ports)
        {
            if (port.Number == number)
            {
                return port;
            }
        }

        return null;
    }
}
