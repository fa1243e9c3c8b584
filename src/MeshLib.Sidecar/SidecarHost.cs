using System.Diagnostics;
using System.Net;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Http;
using MeshLib.Management;
using MeshLib.Sidecar.Admin;
using MeshLib.Sidecar.Forwarding;
using MeshLib.Sidecar.Gateways;
using MeshLib.Sidecar.Telemetry;
using MeshLib.Sidecar.Tcp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace MeshLib.Sidecar;

/// <summary>
/// The sidecar process: parse the command line, load the mesh configuration (a bad one fails the start with its
/// file:line errors), open the outbound and admin listeners on 127.0.0.1 and one listener per Gateway server port on
/// --gateway-bind (opened and closed as reloads change the ports), and on SIGTERM stop accepting and drain.
/// </summary>
internal static class SidecarHost
{
    /// <summary>How long in-flight requests may take to finish once shutdown begins.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Exit code: the sidecar ran and stopped cleanly.</summary>
    public const int Success = 0;

    /// <summary>Exit code: the configuration is invalid or a listener could not be opened.</summary>
    public const int StartFailed = 1;

    /// <summary>Exit code: the command line was wrong.</summary>
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var mainStarted = Stopwatch.GetTimestamp();
        if (!SidecarCommandLine.TryParse(args, out var options, out var error))
        {
            if (error is null)
            {
                await stdout.WriteLineAsync(SidecarCommandLine.Usage);
                return Success;
            }

            await stderr.WriteLineAsync($"MeshLib.Sidecar: {error}");
            await stderr.WriteLineAsync(SidecarCommandLine.Usage);
            return UsageError;
        }

        var telemetry = SidecarTelemetry.Resolve(options, Environment.GetEnvironmentVariables(), out error);
        if (telemetry is null)
        {
            await stderr.WriteLineAsync($"MeshLib.Sidecar: {error}");
            return UsageError;
        }

        await using var app = Build(options, telemetry);
        var manager = app.Services.GetRequiredService<MeshConfigManager>();
        try
        {
            manager.LoadInitial();
        }
        catch (MeshConfigurationException exception)
        {
            await stderr.WriteLineAsync("MeshLib.Sidecar: the mesh configuration is invalid:");
            foreach (var diagnostic in exception.Diagnostics)
            {
                await stderr.WriteLineAsync(diagnostic.ToString());
            }

            if (exception.Diagnostics.Count == 0)
            {
                await stderr.WriteLineAsync(exception.Message);
            }

            return StartFailed;
        }

        // Before Kestrel starts, so that its first bind opens the gateway ports of the configuration just loaded.
        app.Services.GetRequiredService<GatewayListeners>().Listen(app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value);
        var readiness = app.Services.GetRequiredService<SidecarReadiness>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MeshLib.Sidecar");
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            readiness.MarkDraining();
            SidecarLog.Draining(logger, DrainTimeout.TotalSeconds);
        });

        try
        {
            await app.StartAsync();
        }
        catch (IOException exception)
        {
            await stderr.WriteLineAsync($"MeshLib.Sidecar: cannot open a listener: {exception.Message}");
            return StartFailed;
        }

        readiness.MarkLive();
        var elapsed = MillisecondsSinceProcessStart();
        var inMain = (long)Stopwatch.GetElapsedTime(mainStarted).TotalMilliseconds;
        var snapshot = manager.Current;
        SidecarLog.Ready(logger, elapsed, inMain, options.OutboundPort, options.AdminPort, snapshot.Version, snapshot.ResourceCount, options.OutboundTrafficPolicyName, SidecarSockets.Description);

        // Returns once SIGTERM/SIGINT has stopped the host: listeners closed, in-flight requests drained (bounded).
        await app.WaitForShutdownAsync();
        return Success;
    }

    private static WebApplication Build(SidecarOptions options, SidecarTelemetry telemetry)
    {
        // An empty builder: no appsettings.json, environment or command-line configuration from the directory the
        // sidecar happens to start in can add listeners or change what it binds. Everything is set here.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "MeshLib.Sidecar" });
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);

        // ASP.NET Core starts an Activity and a log scope for every request whenever this category may log at all; it
        // logs only request start/finish (Information). Off, a proxied request costs no span nobody reads: the
        // caller's trace headers pass through untouched, and with OTLP on, the tracing listener still gets its spans.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = DrainTimeout);

        // Kestrel's half of SidecarSockets: its connections run the request on the I/O thread too, not on the pool.
        builder.Services.Configure<SocketTransportOptions>(sockets => sockets.UnsafePreferInlineScheduling = SidecarSockets.InlineCompletions);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // A proxy passes bodies of any size at any pace; the mesh's timeouts bound a request, not Kestrel's.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;

            // h2c callers name their scheme http where Kestrel, told h2 was negotiated, expects https.
            kestrel.AllowAlternateSchemes = true;

            // Loopback only: the application on this host is the only caller.
            kestrel.Listen(IPAddress.Loopback, options.OutboundPort, listen =>
            {
                // Kestrel's default; set only if it differs, since setting it logs that cleartext HTTP/2 is off.
                if (listen.Protocols != HttpProtocols.Http1AndHttp2)
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                }

                H2cPriorKnowledge.Use(listen, kestrel.Limits.RequestHeadersTimeout);
            });
            kestrel.Listen(IPAddress.Loopback, options.AdminPort, listen => listen.Protocols = HttpProtocols.Http1);
        });

        var mesh = builder.Services.AddMesh();
        foreach (var path in options.ConfigPaths)
        {
            mesh.AddYamlFile(path, reloadOnChange: true);
        }

        mesh.Configure(mesh =>
        {
            mesh.Namespace = options.Namespace;
            mesh.OutboundTrafficPolicy = options.OutboundTrafficPolicy;
            mesh.WorkloadName = options.WorkloadName;
            mesh.Locality = options.Locality;
            foreach (var (key, value) in options.WorkloadLabels)
            {
                mesh.WorkloadLabels[key] = value;
            }
        });

        telemetry.AddTo(builder, options);
        builder.Services.AddHttpForwarder();
        builder.Services.AddHostedService(services => new TcpListeners(services.GetRequiredService<MeshRuntime>(), options, services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<SidecarReadiness>();
        builder.Services.AddSingleton<AdminEndpoints>();
        builder.Services.AddGatewayListeners();
        builder.Services.AddSingleton(services => new OutboundForwarder(
            services.GetRequiredService<IHttpForwarder>(),
            new MeshForwardingHandler(services.GetRequiredService<MeshRuntime>().Router, MeshForwardingHandler.CreatePassthroughHandler()),
            options.OutboundPort,
            services.GetRequiredService<ILogger<OutboundForwarder>>()));

        var app = builder.Build();
        var admin = app.Services.GetRequiredService<AdminEndpoints>();
        var outbound = app.Services.GetRequiredService<OutboundForwarder>();
        var gateway = app.Services.GetRequiredService<GatewayForwarder>();
        telemetry.UseScrapeEndpoint(app, options.AdminPort);

        // Every other endpoint is a gateway listener, one a reload is closing included: its requests still get the
        // gateway's answer (404 once its servers are gone), never the outbound proxy's.
        app.Run(context => context.Connection.LocalPort == options.AdminPort ? admin.HandleAsync(context)
            : context.Connection.LocalPort == options.OutboundPort ? outbound.HandleAsync(context)
            : gateway.HandleAsync(context));
        return app;
    }

    private static long MillisecondsSinceProcessStart()
    {
        using var process = Process.GetCurrentProcess();
        return (long)(DateTime.Now - process.StartTime).TotalMilliseconds;
    }
}
