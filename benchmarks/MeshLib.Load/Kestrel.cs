using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshLib.Load;

/// <summary>
/// The web host shared by the backend and the YARP baseline, set up as the sidecar sets up its own: an empty builder
/// (no configuration from the environment or the working directory), Kestrel on 127.0.0.1 only, no <c>Server</c>
/// header, warnings-only logging; and as in the sidecar, Kestrel runs requests on its I/O threads exactly when the
/// runtime runs socket completions there (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>), so that a YARP
/// started with that variable has both halves of the sidecar's inline I/O. Same defaults on both sides keep the
/// comparison about the forwarding path.
/// </summary>
internal static class Kestrel
{
    public static WebApplicationBuilder Builder(string name, IEnumerable<int> ports)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = name });
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<SocketTransportOptions>(sockets =>
            sockets.UnsafePreferInlineScheduling = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1");
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var port in ports)
            {
                kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
            }
        });
        return builder;
    }
}
