using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace MeshLib.Load;

/// <summary>
/// The web host shared by the backend and the YARP baseline, set up as the sidecar sets up its own: an empty builder
/// (no configuration from the environment or the working directory), Kestrel on 127.0.0.1 only, no <c>Server</c>
/// header, warnings-only logging. Same defaults on both sides keep the comparison about the forwarding path.
/// </summary>
internal static class Kestrel
{
    public static WebApplicationBuilder Builder(string name, IEnumerable<int> ports)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = name });
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
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
