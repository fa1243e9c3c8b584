using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MeshLib.Http;
using MeshLib.Model;
using MeshLib.Model.Gateways;
using MeshLib.Sidecar.Gateways;
using MeshLib.Tcp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshLib.Sidecar.Tcp;

/// <summary>
/// The sidecar's TCP listeners, as Istio's outbound TCP listeners: one on 127.0.0.1 per TCP port of each registry
/// service (protocol TCP, TLS, HTTPS, MONGO, MYSQL, REDIS), on the service port itself unless <c>--tcp-listen</c> maps
/// it elsewhere or <c>--tcp-port-offset</c> shifts it; and, as an Istio ingress gateway's TCP listeners, one on
/// <c>--gateway-bind</c> per Gateway server with protocol TCP, on the server port. Each configuration reload opens and
/// closes listeners to match; a closed listener's connections run on. On shutdown the listeners stop accepting, the open connections have the
/// host's shutdown time to end, and are then dropped.
/// </summary>
internal sealed class TcpListeners : IHostedService, IDisposable
{
    private readonly MeshRuntime _runtime;
    private readonly SidecarOptions _options;
    private readonly TcpProxy _proxy;
    private readonly TcpListenPorts _ports;
    private readonly string _gatewayBind;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, TcpPortListener> _open = [];
    private readonly List<TcpPortListener> _closed = [];
    private readonly CancellationTokenSource _stopping = new();
    private bool _stopped;

    public TcpListeners(MeshRuntime runtime, SidecarOptions options, ILoggerFactory loggers)
    {
        _runtime = runtime;
        _options = options;
        _proxy = new TcpProxy(runtime, loggers.CreateLogger<TcpProxy>());
        _ports = new TcpListenPorts(options, runtime.Options.ClusterDomain);
        _gatewayBind = options.GatewayBind.ToString();
        _logger = loggers.CreateLogger<TcpListeners>();
    }

    /// <summary>Opens the listeners of the configuration in force; a gateway port or a port named by <c>--tcp-listen</c> that cannot be bound fails the start.</summary>
    /// <exception cref="IOException">A gateway port or an explicitly mapped port cannot be bound.</exception>
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
        List<TcpPortListener> listeners;
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
        var wanted = new Dictionary<int, Wanted>();

        // Gateway ports first: the configuration check keeps service listeners off them, so none is displaced.
        foreach (var gateway in snapshot.Gateways.TcpListeners)
        {
            wanted[gateway.Port] = new Wanted(TcpListenerTarget.ForGateway(gateway.Port), _options.GatewayBind, true, Describe(gateway));
        }

        foreach (var service in snapshot.TcpServices)
        {
            var (localPort, isExplicit) = _ports.For(service.Host, service.Port);
            if (localPort is < 1 or > 65535)
            {
                TcpListenerLog.OutOfRange(_logger, service.Host, service.Port, _options.TcpPortOffset, localPort);
            }
            else if (wanted.TryGetValue(localPort, out var other))
            {
                TcpListenerLog.Conflict(_logger, service.Host, service.Port, localPort, other.Target.ToString());
            }
            else
            {
                wanted[localPort] = new Wanted(TcpListenerTarget.ForService(service.Host, service.Port), IPAddress.Loopback, isExplicit, service.ToString());
            }
        }

        foreach (var (localPort, listener) in _open.ToList())
        {
            if (!wanted.TryGetValue(localPort, out var target) || listener.Target != target.Target)
            {
                listener.Close();
                _open.Remove(localPort);
                _closed.Add(listener);
                LogClosed(listener.Target, localPort);
            }
        }

        foreach (var (localPort, target) in wanted)
        {
            if (_open.ContainsKey(localPort))
            {
                continue;
            }

            try
            {
                _open[localPort] = TcpPortListener.Open(target.Target, target.Address, localPort, _proxy, _logger, _stopping.Token);
                LogListening(target, localPort);
            }
            catch (SocketException exception) when (startup && target.Explicit)
            {
                var listener = target.Target.Gateway
                    ? string.Create(CultureInfo.InvariantCulture, $"Gateway listener tcp://{target.Address}:{localPort} for {target.Description}")
                    : string.Create(CultureInfo.InvariantCulture, $"TCP listener {target.Address}:{localPort} for {target.Description} (--tcp-listen)");
                throw new IOException($"{listener}: {exception.Message}", exception);
            }
            catch (SocketException exception)
            {
                LogFailed(target, localPort, exception.Message);
            }
        }
    }

    private void LogListening(Wanted target, int localPort)
    {
        if (target.Target.Gateway)
        {
            GatewayLog.Listening(_logger, "tcp", _gatewayBind, localPort, target.Description);
        }
        else
        {
            TcpListenerLog.Listening(_logger, localPort, target.Target.Host, target.Target.Port);
        }
    }

    private void LogClosed(TcpListenerTarget target, int localPort)
    {
        if (target.Gateway)
        {
            GatewayLog.TcpClosed(_logger, _gatewayBind, localPort);
        }
        else
        {
            TcpListenerLog.Closed(_logger, localPort, target.Host, target.Port);
        }
    }

    private void LogFailed(Wanted target, int localPort, string problem)
    {
        if (target.Target.Gateway)
        {
            GatewayLog.TcpFailed(_logger, _gatewayBind, localPort, problem, target.Description);
        }
        else
        {
            TcpListenerLog.Failed(_logger, localPort, target.Target.Host, target.Target.Port, problem);
        }
    }

    private static string Describe(GatewayTcpListenerModel gateway) =>
        $"{gateway.Server.Reference} {gateway.Server.Path} (hosts {string.Join(' ', gateway.Server.Config.Hosts ?? [])})";

    /// <summary>A listener the configuration asks for.</summary>
    /// <param name="Target">What it serves.</param>
    /// <param name="Address">The address it binds.</param>
    /// <param name="Explicit">Whether failing to bind it at start fails the start (gateway ports and <c>--tcp-listen</c> ports).</param>
    /// <param name="Description">What it serves, for messages.</param>
    private sealed record Wanted(TcpListenerTarget Target, IPAddress Address, bool Explicit, string Description);
}
