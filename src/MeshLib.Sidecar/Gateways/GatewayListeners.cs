using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using MeshLib.Management;
using MeshLib.Model.Gateways;
using MeshLib.Sidecar.Forwarding;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshLib.Sidecar.Gateways;

/// <summary>
/// Keeps one Kestrel listener per HTTP or HTTPS Gateway server port on <c>--gateway-bind</c>, following every
/// configuration reload: plain HTTP ports accept HTTP/1.1 and cleartext HTTP/2, HTTPS ports terminate TLS per
/// connection (<see cref="GatewayTlsHandshake"/>). The listeners are Kestrel configuration endpoints
/// (<see cref="GatewayEndpoint"/>) that Kestrel rebinds whenever they change: a reload that adds a port binds it, one
/// that removes a port stops accepting on it and gives its requests under way Kestrel's grace time (5 s) to finish,
/// one that switches a port between plain HTTP and HTTPS rebinds it, and the other ports, with the outbound and admin
/// listeners, are left alone. A port that cannot be bound on reload is logged, and tried again on the next reload;
/// at start it fails the start. TCP servers are served by <see cref="Tcp.TcpListeners"/>.
/// </summary>
internal sealed class GatewayListeners(
    MeshConfigManager manager, GatewayTlsHandshake tls, SidecarOptions options, IHostApplicationLifetime lifetime, ILogger<GatewayListeners> logger)
{
    private readonly KestrelEndpoints _kestrelEndpoints = new();
    private readonly string _address = options.GatewayBind.ToString();
    private readonly Lock _gate = new();
    private readonly HashSet<int> _failed = [];
    private IReadOnlyDictionary<int, GatewayEndpoint> _endpoints = FrozenDictionary<int, GatewayEndpoint>.Empty;
    private FrozenDictionary<int, GatewayListenerModel> _listeners = FrozenDictionary<int, GatewayListenerModel>.Empty;

    /// <summary>Gives Kestrel the gateway endpoints and keeps them in step with the configuration; called once, before Kestrel starts.</summary>
    public void Listen(KestrelServerOptions kestrel)
    {
        // Kestrel applies its endpoint defaults to each endpoint it creates from now on: the gateway endpoints of every
        // (re)load, not the outbound and admin endpoints, created before.
        kestrel.ConfigureEndpointDefaults(Configure);

        // Subscribed first, so that a reload racing the start is not missed; both run under the lock.
        manager.SnapshotChanged += _ => Reconcile();
        Reconcile();
        kestrel.Configure(new ConfigurationBuilder().Add(_kestrelEndpoints).Build(), reloadOnChange: true);
    }

    /// <summary>Kestrel bound <paramref name="endpoint"/>: if it is a gateway listener's, logs what it serves.</summary>
    public void Opened(EndPoint endpoint)
    {
        if (Listener(endpoint) is { } listener)
        {
            lock (_gate)
            {
                _failed.Remove(listener.Port);
            }

            if (logger.IsEnabled(LogLevel.Information))
            {
                var servers = Describe(listener);
                GatewayLog.Listening(logger, listener.TerminatesTls ? "https" : "http", _address, listener.Port, servers);
            }
        }
    }

    /// <summary>Kestrel could not bind <paramref name="endpoint"/>: if it is a gateway listener's, logs the servers left unserved.</summary>
    /// <returns>
    /// Whether the sidecar serves on without the port: a gateway port of a reload. At start every listener must open.
    /// </returns>
    public bool OpenFailed(EndPoint endpoint, Exception exception)
    {
        if (Listener(endpoint) is not { } listener)
        {
            return false;
        }

        lock (_gate)
        {
            _failed.Add(listener.Port);
        }

        var servers = Describe(listener);
        GatewayLog.Failed(logger, listener.TerminatesTls ? "https" : "http", _address, listener.Port, exception.Message, servers);
        return lifetime.ApplicationStarted.IsCancellationRequested;
    }

    private GatewayListenerModel? Listener(EndPoint endpoint) =>
        endpoint is IPEndPoint { Port: var port } ? Volatile.Read(ref _listeners).GetValueOrDefault(port) : null;

    /// <summary>Kestrel's endpoint defaults: the protocol stack of a gateway endpoint, by the kind of its port.</summary>
    private void Configure(ListenOptions listen)
    {
        if (listen.IPEndPoint is not { } endpoint || !Volatile.Read(ref _listeners).TryGetValue(endpoint.Port, out var listener))
        {
            return;
        }

        if (listener.TerminatesTls)
        {
            listen.UseHttps(tls.For(endpoint.Port));
        }
        else
        {
            H2cPriorKnowledge.Use(listen, listen.KestrelServerOptions.Limits.RequestHeadersTimeout);
        }
    }

    private void Reconcile()
    {
        lock (_gate)
        {
            // The snapshot in force, not the one an event carries: events of racing reloads may arrive out of order.
            var listeners = manager.Current.Gateways.Listeners;
            var next = GatewayEndpoint.Plan(_endpoints, listeners, _failed);
            foreach (var closed in _endpoints.Values.Where(e => !_failed.Contains(e.Port) && next.GetValueOrDefault(e.Port) != e))
            {
                GatewayLog.Closed(logger, closed.Scheme, _address, closed.Port);
            }

            // Written before Kestrel rebinds: its endpoint defaults read the kind of each port here. A rebind that runs
            // late may read a newer kind than its endpoint's name says; the newer reload's own rebind replaces it.
            Volatile.Write(ref _listeners, listeners.ToFrozenDictionary(l => l.Port));
            var unchanged = next.Count == _endpoints.Count && next.All(e => _endpoints.GetValueOrDefault(e.Key) == e.Value);
            _failed.Clear();
            _endpoints = next;
            if (!unchanged)
            {
                _kestrelEndpoints.Publish(GatewayEndpoint.Configuration(next.Values, options.GatewayBind));
            }
        }
    }

    private static string Describe(GatewayListenerModel listener) => string.Join(", ", listener.Servers.Select(server =>
        string.Create(CultureInfo.InvariantCulture, $"{server.Reference} {server.Path} (hosts {string.Join(' ', server.Config.Hosts ?? [])})")));

    /// <summary>
    /// The gateway endpoints as Kestrel's configuration, in memory. Each change replaces the data whole (Kestrel may be
    /// reading it on another thread) and raises the configuration's reload, on which Kestrel rebinds what changed.
    /// </summary>
    private sealed class KestrelEndpoints : ConfigurationProvider, IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

        public void Publish(Dictionary<string, string?> data)
        {
            Data = data;
            OnReload();
        }
    }
}
