using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MeshLib.Tcp;
using Microsoft.Extensions.Logging;

namespace MeshLib.Sidecar.Tcp;

/// <summary>
/// One TCP listener serving one <see cref="TcpListenerTarget"/>: every accepted connection goes to the library's
/// <see cref="TcpProxy"/>. Closing it stops accepting; the connections it accepted run on until they end.
/// </summary>
internal sealed class TcpPortListener
{
    private readonly Socket _socket;
    private readonly TcpProxy _proxy;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly Task _accepting;
    private long _nextConnection;

    private TcpPortListener(Socket socket, TcpListenerTarget target, TcpProxy proxy, ILogger logger, CancellationToken stopping)
    {
        _socket = socket;
        Target = target;
        _proxy = proxy;
        _logger = logger;
        _stopping = stopping;
        _accepting = AcceptAsync();
    }

    /// <summary>What it serves.</summary>
    public TcpListenerTarget Target { get; }

    /// <summary>Binds <paramref name="address"/>:<paramref name="localPort"/> and starts accepting for <paramref name="target"/>.</summary>
    /// <exception cref="SocketException">The port cannot be bound.</exception>
    public static TcpPortListener Open(TcpListenerTarget target, IPAddress address, int localPort, TcpProxy proxy, ILogger logger, CancellationToken stopping)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // As Kestrel does for [::]: IPv4 clients too.
            if (address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, localPort));
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new TcpPortListener(socket, target, proxy, logger, stopping);
    }

    /// <summary>Stops accepting; connections already accepted continue.</summary>
    public void Close() => _socket.Dispose();

    /// <summary>Completes once the listener is closed and every connection it accepted has ended.</summary>
    public async Task DrainedAsync()
    {
        await _accepting.ConfigureAwait(false);
        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = await _socket.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                // Closed.
                return;
            }

            connection.NoDelay = true;
            var id = Interlocked.Increment(ref _nextConnection);
            var handling = Task.Run(() => Target.Gateway
                ? _proxy.HandleGatewayAsync(connection, Target.Port, _stopping)
                : _proxy.HandleAsync(connection, Target.Host, Target.Port, _stopping), CancellationToken.None);
            _connections[id] = handling;
            _ = handling.ContinueWith(Forget, id, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void Forget(Task handling, object? id)
    {
        if (handling.Exception is { } exception)
        {
            TcpListenerLog.Faulted(_logger, exception.GetBaseException(), Target.ToString());
        }

        _connections.TryRemove((long)id!, out _);
    }
}
