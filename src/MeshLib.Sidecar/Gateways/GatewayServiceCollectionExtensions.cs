using MeshLib.Management;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MeshLib.Sidecar.Gateways;

/// <summary>Registers the gateway listeners' services.</summary>
internal static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gateway check (run with every configuration load), TLS, forwarding and listeners, and puts
    /// <see cref="GatewayBindReporter"/> around Kestrel's socket transport.
    /// </summary>
    public static IServiceCollection AddGatewayListeners(this IServiceCollection services)
    {
        services.AddSingleton<IMeshConfigCheck, GatewaySupportCheck>();
        services.AddSingleton<GatewayCertificates>();
        services.AddSingleton<GatewayTlsHandshake>();
        services.AddSingleton<GatewayListeners>();
        services.AddSingleton<GatewayForwarder>();
        // In place of the socket transport UseKestrelCore registers, not beside it: Kestrel binds with one transport.
        services.Replace(ServiceDescriptor.Singleton<IConnectionListenerFactory>(provider => new GatewayBindReporter(
            ActivatorUtilities.CreateInstance<SocketTransportFactory>(provider), provider.GetRequiredService<GatewayListeners>())));
        return services;
    }
}
