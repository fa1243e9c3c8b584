using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MeshLib.Tcp;
using Microsoft.Extensions.Logging;

namespace MeshLib.Sidecar.Tcp;

/// <summary>
/// One loopback TCP listener serving one TCP service port: every accepted connection goes to the library's
/// <see cref="TcpProxy"/>. Closing it stops accepting; the connections it accepted run on until they end.
/// </summary>
internal sealed class TcpServiceListener
{
    private readonly Socket _socket;
    private readonly TcpProxy _proxy;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly Task _accepting;
    private long _nextConnection;

    private TcpServiceListener(Socket socket, TcpServiceModel service, int localPort, TcpProxy proxy, ILogger logger, CancellationToken stopping)
    {
        _socket = socket;
        Host = service.Host;
        Port = service.Port;
        LocalPort = localPort;
        _proxy = proxy;
        _logger = logger;
        _stopping = stopping;
        _accepting = AcceptAsync();
    }

    /// <summary>The service host.</summary>
    public string Host { get; }

    /// <summary>The service port.</summary>
    public int Port { get; }

    /// <summary>The port listened on, on 127.0.0.1.</summary>
    public int LocalPort { get; }

    /// <summary>Binds 127.0.0.1:<paramref name="localPort"/> and starts accepting for <paramref name="service"/>.</summary>
    /// <exception cref="SocketException">The port cannot be bound.</exception>
    public static TcpServiceListener Open(TcpServiceModel service, int localPort, TcpProxy proxy, ILogger logger, CancellationToken stopping)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, localPort));
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new TcpServiceListener(socket, service, localPort, proxy, logger, stopping);
    }

    /// <summary>Whether this listener serves <paramref name="service"/>.</summary>
    public bool Serves(TcpServiceModel service) => service.Port == Port && string.Equals(service.Host, Host, StringComparison.Ordinal);

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
            var handling = Task.Run(() => _proxy.HandleAsync(connection, Host, Port, _stopping), CancellationToken.None);
            _connections[id] = handling;
            _ = handling.ContinueWith(Forget, id, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void Forget(Task handling, object? id)
    {
        if (handling.Exception is { } exception)
        {
            TcpListenerLog.Faulted(_logger, exception.GetBaseException(), Host, Port);
        }

        _connections.TryRemove((long)id!, out _);
    }
}
