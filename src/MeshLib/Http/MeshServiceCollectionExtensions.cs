using MeshLib;
using MeshLib.Clusters;
using MeshLib.ConnectionPool;
using MeshLib.Http;
using MeshLib.Internal;
using MeshLib.Management;
using MeshLib.Model.Compilation;
using MeshLib.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the mesh: <c>services.AddMesh().AddYamlFile("mesh/", reloadOnChange: true)</c>.</summary>
public static class MeshServiceCollectionExtensions
{
    /// <summary>
    /// Registers the mesh configuration and runtime. Call the returned builder's <c>AddYamlFile</c>, <c>AddYaml</c> or
    /// <c>AddConfiguration</c> to give it resources, then <c>AddHttpClient(...).AddMesh()</c> for each client that should route through it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder for configuration sources and options.</returns>
    public static IMeshBuilder AddMesh(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registry = FindRegistry(services);
        if (registry is null)
        {
            registry = new MeshSourceRegistry();
            services.AddSingleton(registry);
            services.AddOptions<MeshOptions>();
            services.AddLogging();
            services.AddMetrics();
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<RandomSource>(RandomSource.Shared);
            services.TryAddSingleton<IClusterTransportFactory, ClusterTransportFactory>();
            services.TryAddSingleton<MeshCompiler>();
            services.TryAddSingleton<MeshConfigManager>();
            services.TryAddSingleton<ClusterStateRegistry>();
            services.TryAddSingleton<MeshMetrics>();
            services.TryAddSingleton<MeshRuntime>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MeshStartupService>());
        }

        return new MeshBuilder(services, registry);
    }

    private static MeshSourceRegistry? FindRegistry(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(MeshSourceRegistry) && descriptor.ImplementationInstance is MeshSourceRegistry registry)
            {
                return registry;
            }
        }

        return null;
    }
}
