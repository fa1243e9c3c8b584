using System.Collections.Frozen;
using System.Globalization;
using MeshLib.Management;
using MeshLib.Model;
using MeshLib.Model.Gateways;
using MeshLib.Sidecar.Forwarding;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace MeshLib.Sidecar.Gateways;

/// <summary>
/// Opens one Kestrel listener per HTTP or HTTPS Gateway server port of the configuration in force at start, on
/// <c>--gateway-bind</c>: plain HTTP ports accept HTTP/1.1 and cleartext HTTP/2, HTTPS ports terminate TLS per
/// connection (<see cref="GatewayTlsHandshake"/>). Routes, hosts and certificates follow every reload; the set of
/// ports does not (Kestrel binds at start), so a reload that adds, removes or changes a port says so in the log.
/// TCP servers are served by <see cref="Tcp.TcpListeners"/>, which opens and closes their ports on reload.
/// </summary>
internal sealed class GatewayListeners(MeshConfigManager manager, GatewayTlsHandshake tls, SidecarOptions options, ILogger<GatewayListeners> logger)
{
    private FrozenDictionary<int, bool> _bound = FrozenDictionary<int, bool>.Empty;

    /// <summary>Whether <paramref name="port"/> is a gateway listener's.</summary>
    public bool Serves(int port) => _bound.ContainsKey(port);

    /// <summary>Adds the listeners to Kestrel; called once, while Kestrel is configured.</summary>
    public void Listen(KestrelServerOptions kestrel)
    {
        var bound = new Dictionary<int, bool>();
        foreach (var listener in manager.Current.Gateways.Listeners)
        {
            bound.Add(listener.Port, listener.TerminatesTls);
            kestrel.Listen(options.GatewayBind, listener.Port, listen =>
            {
                if (listener.TerminatesTls)
                {
                    listen.UseHttps(tls.For(listener.Port));
                }
                else
                {
                    H2cPriorKnowledge.Use(listen, kestrel.Limits.RequestHeadersTimeout);
                }
            });
        }

        _bound = bound.ToFrozenDictionary();
        manager.SnapshotChanged += Compare;
    }

    /// <summary>Logs each listener and the Gateway servers behind it.</summary>
    public void LogListening()
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var address = options.GatewayBind.ToString();
        foreach (var listener in manager.Current.Gateways.Listeners)
        {
            var servers = Describe(listener);
            GatewayLog.Listening(logger, listener.TerminatesTls ? "https" : "http", address, listener.Port, servers);
        }
    }

    private void Compare(MeshSnapshot snapshot)
    {
        if (!logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        foreach (var listener in snapshot.Gateways.Listeners)
        {
            if (!_bound.TryGetValue(listener.Port, out var boundTls))
            {
                var servers = Describe(listener);
                GatewayLog.PortAdded(logger, listener.Port, servers);
            }
            else if (boundTls != listener.TerminatesTls)
            {
                GatewayLog.PortChanged(logger, listener.Port, Kind(boundTls), Kind(listener.TerminatesTls));
            }
        }

        foreach (var port in _bound.Keys)
        {
            if (snapshot.Gateways.Listener(port) is null)
            {
                GatewayLog.PortRemoved(logger, port);
            }
        }
    }

    private static string Kind(bool terminatesTls) => terminatesTls ? "HTTPS" : "plain HTTP";

    private static string Describe(GatewayListenerModel listener) => string.Join(", ", listener.Servers.Select(server =>
        string.Create(CultureInfo.InvariantCulture, $"{server.Reference} {server.Path} (hosts {string.Join(' ', server.Config.Hosts ?? [])})")));
}
