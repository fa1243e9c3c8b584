using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Forwarder;

namespace MeshLib.Load;

/// <summary>
/// <c>yarp --port P --backend http://127.0.0.1:B</c>: plain YARP direct forwarding (<see cref="IHttpForwarder"/> over
/// one <see cref="SocketsHttpHandler"/>, as YARP's direct-forwarding guide sets it up) to a fixed backend. The fair
/// baseline for the sidecar, which is the same forwarder with the mesh handler chain in place of the plain handler.
/// </summary>
internal static class YarpBaseline
{
    // HTTP/1.1 upstream, as the sidecar speaks to an HTTP port.
    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    public static async Task RunAsync(Arguments args)
    {
        var port = args.Int("--port", 0);
        var backend = args.Required("--backend");
        args.RejectUnknown();

        var builder = Kestrel.Builder("MeshLib.Load.Yarp", [port]);
        builder.Services.AddHttpForwarder();
        await using var app = builder.Build();
        using var upstream = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            ConnectTimeout = TimeSpan.FromSeconds(15),
        });
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        app.Run(async context => await forwarder.SendAsync(context, backend, upstream, RequestConfig, HttpTransformer.Default));
        await app.RunAsync();
    }
}
