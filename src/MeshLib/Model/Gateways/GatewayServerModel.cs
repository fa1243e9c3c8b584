using MeshLib.Configuration.Gateway;
using MeshLib.Configuration.Resources;

namespace MeshLib.Model.Gateways;

/// <summary>One server of a Gateway that this process serves: where it listens, the hosts it answers and its routes.</summary>
internal sealed class GatewayServerModel
{
    /// <summary>The Gateway resource the server belongs to.</summary>
    public required MeshResource Resource { get; init; }

    /// <summary>The Gateway as <c>ns/name</c>, the form VirtualServices bind to.</summary>
    public required string Gateway { get; init; }

    /// <summary>The Gateway as <c>Gateway/ns/name</c>, for messages.</summary>
    public required string Reference { get; init; }

    /// <summary>The server's position in <c>spec.servers</c>.</summary>
    public required int Index { get; init; }

    /// <summary>The server as configured.</summary>
    public required ServerConfig Config { get; init; }

    /// <summary>
    /// The route table its requests use (Istio's route name: <c>http.PORT</c>, or <c>https.PORT.portName.gateway.ns</c>);
    /// empty for a TCP server, whose connections take <c>tcp</c> routes instead.
    /// </summary>
    public required string RouteName { get; init; }

    /// <summary>
    /// The TLS server names (SNI) it accepts: its hosts without the namespace part. Empty when one of them is
    /// <c>*</c>, which accepts any name and none.
    /// </summary>
    public required IReadOnlyList<string> ServerNames { get; init; }

    /// <summary>The field path of the server, for messages: <c>spec.servers[N]</c>.</summary>
    public string Path => $"spec.servers[{Index}]";
}
