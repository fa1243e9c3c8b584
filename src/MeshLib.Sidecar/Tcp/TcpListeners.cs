using System.Net.Sockets;
using MeshLib.Http;
using MeshLib.Model;
using MeshLib.Tcp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshLib.Sidecar.Tcp;

/// <summary>
/// The sidecar's TCP listeners, as Istio's outbound TCP listeners: one on 127.0.0.1 per TCP port of each registry
/// service (protocol TCP, TLS, HTTPS, MONGO, MYSQL, REDIS), on the service port itself unless <c>--tcp-listen</c> maps
/// it elsewhere or <c>--tcp-port-offset</c> shifts it. Each configuration reload opens and closes listeners to match;
/// a closed listener's connections run on. On shutdown the listeners stop accepting, the open connections have the
/// host's shutdown time to end, and are then dropped.
/// </summary>
internal sealed class TcpListeners : IHostedService, IDisposable
{
    private readonly MeshRuntime _runtime;
    private readonly SidecarOptions _options;
    private readonly TcpProxy _proxy;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, TcpServiceListener> _open = [];
    private readonly List<TcpServiceListener> _closed = [];
    private readonly CancellationTokenSource _stopping = new();
    private bool _stopped;

    public TcpListeners(MeshRuntime runtime, SidecarOptions options, ILoggerFactory loggers)
    {
        _runtime = runtime;
        _options = options;
        _proxy = new TcpProxy(runtime, loggers.CreateLogger<TcpProxy>());
        _logger = loggers.CreateLogger<TcpListeners>();
    }

    /// <summary>Opens the listeners of the configuration in force; a port named by <c>--tcp-listen</c> that cannot be bound fails the start.</summary>
    /// <exception cref="IOException">An explicitly mapped port cannot be bound.</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed first, so that a reload racing the start is not missed; both run under the lock.
        _runtime.Manager.SnapshotChanged += OnSnapshotChanged;
        lock (_gate)
        {
            try
            {
                Reconcile(_runtime.Manager.Current, startup: true);
            }
            catch (IOException)
            {
                _runtime.Manager.SnapshotChanged -= OnSnapshotChanged;
                _stopped = true;
                foreach (var listener in _open.Values)
                {
                    listener.Close();
                }

                _open.Clear();
                throw;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, lets connections end until <paramref name="cancellationToken"/> fires, then drops the rest.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _runtime.Manager.SnapshotChanged -= OnSnapshotChanged;
        List<TcpServiceListener> listeners;
        lock (_gate)
        {
            _stopped = true;
            listeners = [.. _open.Values, .. _closed];
            foreach (var listener in _open.Values)
            {
                listener.Close();
            }

            _open.Clear();
        }

        var drained = Task.WhenAll(listeners.Select(l => l.DrainedAsync()));
        try
        {
            await drained.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The drain time is over: drop what is left.
            await _stopping.CancelAsync();
            await drained;
        }
    }

    public void Dispose() => _stopping.Dispose();

    private void OnSnapshotChanged(MeshSnapshot snapshot)
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                Reconcile(snapshot, startup: false);
            }
        }
    }

    private void Reconcile(MeshSnapshot snapshot, bool startup)
    {
        var wanted = new Dictionary<int, (TcpServiceModel Service, bool Explicit)>();
        foreach (var service in snapshot.TcpServices)
        {
            var (localPort, isExplicit) = LocalPort(service);
            if (localPort is < 1 or > 65535)
            {
                TcpListenerLog.OutOfRange(_logger, service.Host, service.Port, _options.TcpPortOffset, localPort);
            }
            else if (wanted.TryGetValue(localPort, out var other))
            {
                TcpListenerLog.Conflict(_logger, service.Host, service.Port, localPort, other.Service.Host, other.Service.Port);
            }
            else
            {
                wanted[localPort] = (service, isExplicit);
            }
        }

        foreach (var (localPort, listener) in _open.ToList())
        {
            if (!wanted.TryGetValue(localPort, out var target) || !listener.Serves(target.Service))
            {
                listener.Close();
                _open.Remove(localPort);
                _closed.Add(listener);
                TcpListenerLog.Closed(_logger, localPort, listener.Host, listener.Port);
            }
        }

        foreach (var (localPort, (service, isExplicit)) in wanted)
        {
            if (_open.ContainsKey(localPort))
            {
                continue;
            }

            try
            {
                _open[localPort] = TcpServiceListener.Open(service, localPort, _proxy, _logger, _stopping.Token);
                TcpListenerLog.Listening(_logger, localPort, service.Host, service.Port);
            }
            catch (SocketException exception) when (startup && isExplicit)
            {
                throw new IOException($"TCP listener 127.0.0.1:{localPort} for {service.Host}:{service.Port} (--tcp-listen): {exception.Message}", exception);
            }
            catch (SocketException exception)
            {
                TcpListenerLog.Failed(_logger, localPort, service.Host, service.Port, exception.Message);
            }
        }
    }

    // --tcp-listen HOST:PORT first, then --tcp-listen PORT, then the service port shifted by --tcp-port-offset.
    private (int LocalPort, bool Explicit) LocalPort(TcpServiceModel service)
    {
        TcpListenMapping? anyHost = null;
        foreach (var mapping in _options.TcpListen)
        {
            if (mapping.Port != service.Port)
            {
                continue;
            }

            if (mapping.Host is null)
            {
                anyHost ??= mapping;
            }
            else if (HostNames.ToFqdn(mapping.Host, _options.Namespace, _runtime.Options.ClusterDomain) == service.Host)
            {
                return (mapping.LocalPort, true);
            }
        }

        return anyHost is not null ? (anyHost.LocalPort, true) : (service.Port + _options.TcpPortOffset, false);
    }
}
