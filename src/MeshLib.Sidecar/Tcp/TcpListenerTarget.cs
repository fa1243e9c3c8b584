using System.Globalization;

namespace MeshLib.Sidecar.Tcp;

/// <summary>What one of the sidecar's TCP listeners serves: a registry service's TCP port, or a Gateway TCP server's port.</summary>
/// <param name="Host">The service host (FQDN); empty for a gateway port.</param>
/// <param name="Port">The service port, or the gateway server port.</param>
/// <param name="Gateway">Whether it is a gateway port, whose connections take the Gateway's <c>tcp</c> routes.</param>
internal sealed record TcpListenerTarget(string Host, int Port, bool Gateway)
{
    /// <summary>The TCP port <paramref name="port"/> of the service <paramref name="host"/>.</summary>
    public static TcpListenerTarget ForService(string host, int port) => new(host, port, Gateway: false);

    /// <summary>The gateway TCP server port <paramref name="port"/>.</summary>
    public static TcpListenerTarget ForGateway(int port) => new(string.Empty, port, Gateway: true);

    /// <inheritdoc/>
    public override string ToString() => Gateway
        ? string.Create(CultureInfo.InvariantCulture, $"gateway TCP port {Port}")
        : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
