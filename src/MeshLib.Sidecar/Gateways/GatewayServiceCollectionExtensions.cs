using MeshLib.Management;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib.Sidecar.Gateways;

/// <summary>Registers the gateway listeners' services.</summary>
internal static class GatewayServiceCollectionExtensions
{
    /// <summary>Adds the gateway check (run with every configuration load), TLS, forwarding and listeners.</summary>
    public static IServiceCollection AddGatewayListeners(this IServiceCollection services)
    {
        services.AddSingleton<IMeshConfigCheck, GatewaySupportCheck>();
        services.AddSingleton<GatewayCertificates>();
        services.AddSingleton<GatewayTlsHandshake>();
        services.AddSingleton<GatewayListeners>();
        services.AddSingleton<GatewayForwarder>();
        return services;
    }
}
