using MeshLib.ConnectionPool;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib.Benchmarks.Support;

/// <summary>Builds service providers whose clients all end in the same <see cref="InMemoryHandler"/>.</summary>
internal static class MeshClients
{
    /// <summary>
    /// A provider with a mesh client named <paramref name="name"/> over <paramref name="yaml"/>. The in-memory transport
    /// factory is registered before <c>AddMesh()</c>, whose <c>TryAddSingleton</c> then keeps it.
    /// </summary>
    public static ServiceProvider Mesh(string name, InMemoryHandler terminal, params string[] yaml)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClusterTransportFactory>(new InMemoryTransportFactory(terminal));
        var mesh = services.AddMesh();
        foreach (var document in yaml)
        {
            mesh.AddYaml(document);
        }

        // The primary handler only carries requests for hosts the mesh does not know (ALLOW_ANY passthrough).
        services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(() => terminal).AddMesh();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public static HttpClient Client(this ServiceProvider provider, string name) =>
        provider.GetRequiredService<IHttpClientFactory>().CreateClient(name);
}
