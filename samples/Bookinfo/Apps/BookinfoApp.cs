using Bookinfo.Mesh;
using MeshLib.Management;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Bookinfo.Apps;

/// <summary>
/// One Bookinfo workload: its own ASP.NET Core <see cref="WebApplication"/> on 127.0.0.1 with an ephemeral port.
/// A workload that calls other services has its own sidecar, as each pod in Istio has: either a mesh in the app —
/// <c>AddMesh().AddYamlFile(meshDirectory, reloadOnChange: true)</c> and an <c>HttpClient</c> with <c>.AddMesh()</c> —
/// or a MeshLib sidecar process its plain <c>HttpClient</c> uses as HTTP proxy.
/// </summary>
public sealed class BookinfoApp : IAsyncDisposable
{
    /// <summary>The name of the mesh client each app uses for its outbound calls.</summary>
    public const string MeshClient = "mesh";

    private readonly WebApplication _app;

    private BookinfoApp(string service, string version, WebApplication app, int port)
    {
        Service = service;
        Version = version;
        _app = app;
        Port = port;
    }

    /// <summary>The service name (<c>reviews</c>), the <c>app</c> label.</summary>
    public string Service { get; }

    /// <summary>The <c>version</c> label (<c>v2</c>).</summary>
    public string Version { get; }

    /// <summary>The port Kestrel listens on.</summary>
    public int Port { get; }

    /// <summary>The workload's own address.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>A pod-like name, as the real apps report in <c>podname</c>.</summary>
    public string PodName => $"{Service}-{Version}";

    /// <summary>The services of this workload (its mesh, its HttpClient factory).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>This workload's sidecar, when it calls other services.</summary>
    public ISidecar? Sidecar { get; private set; }

    /// <summary>Starts a workload.</summary>
    /// <param name="service">The service name.</param>
    /// <param name="version">The version label.</param>
    /// <param name="map">Maps the workload's endpoints.</param>
    /// <param name="meshDirectory">For a workload that calls other services with a mesh in the app: the watched mesh directory.</param>
    /// <param name="sidecar">For a workload that calls other services through a sidecar process: that sidecar.</param>
    /// <returns>The started workload.</returns>
    public static async Task<BookinfoApp> StartAsync(
        string service, string version, Action<WebApplication> map, string? meshDirectory = null, MeshSidecarProcess? sidecar = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        if (sidecar is not null)
        {
            // No mesh in the app: a plain HttpClient whose proxy is the sidecar's outbound listener.
            builder.Services.AddHttpClient(MeshClient).ConfigurePrimaryHttpMessageHandler(sidecar.CreateProxyHandler);
        }
        else if (meshDirectory is not null)
        {
            builder.Services.AddMesh()
                .AddYamlFile(meshDirectory, reloadOnChange: true)
                .Configure(o =>
                {
                    o.WorkloadLabels["app"] = service;
                    o.WorkloadLabels["version"] = version;
                });
            builder.Services.AddHttpClient(MeshClient).AddMesh();
        }

        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var podName = $"{service}-{version}";
        return new BookinfoApp(service, version, app, new Uri(address).Port)
        {
            Sidecar = (ISidecar?)sidecar ?? (meshDirectory is null ? null : new InProcessSidecar(podName, app.Services.GetRequiredService<MeshConfigManager>())),
        };
    }

    /// <summary>This workload's outbound HttpClient.</summary>
    /// <param name="services">The workload's services.</param>
    /// <returns>A client whose requests go through the workload's sidecar.</returns>
    public static HttpClient MeshHttpClient(IServiceProvider services) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(MeshClient);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
