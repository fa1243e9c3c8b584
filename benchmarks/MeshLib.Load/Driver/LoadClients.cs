using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib.Load.Driver;

/// <summary>How the driver's requests leave the process.</summary>
internal enum ClientKind
{
    /// <summary>An <c>IHttpClientFactory</c> client straight to the URL.</summary>
    Plain,

    /// <summary>The same client with <c>.AddMesh()</c> over the given configuration.</summary>
    Mesh,

    /// <summary>The plain client with the sidecar (or any HTTP proxy) as its proxy.</summary>
    Proxy,
}

/// <summary>
/// The driver's clients, all from <c>IHttpClientFactory</c> so that the only difference between plain and mesh is
/// <c>.AddMesh()</c>: the same factory handlers, the same <see cref="SocketsHttpHandler"/> defaults.
/// </summary>
internal static class LoadClients
{
    public const string Name = "load";

    public static ServiceProvider Build(ClientKind kind, Uri? proxy, IReadOnlyList<string> meshConfigs)
    {
        var services = new ServiceCollection();
        var client = services.AddHttpClient(Name);
        switch (kind)
        {
            case ClientKind.Plain:
                client.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false });
                break;
            case ClientKind.Proxy:
                client.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = true, Proxy = new WebProxy(proxy) });
                break;
            case ClientKind.Mesh:
                var mesh = services.AddMesh();
                foreach (var path in meshConfigs)
                {
                    mesh.AddYamlFile(path);
                }

                // The primary handler only carries hosts the mesh does not know; mesh services use the mesh's own pools.
                client.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false }).AddMesh();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
