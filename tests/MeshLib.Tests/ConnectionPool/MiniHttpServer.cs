using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MeshLib.Tests.ConnectionPool;

/// <summary>A loopback HTTP/1.1 server just big enough to observe connections and request headers (GET only).</summary>
internal sealed class MiniHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _acceptLoop;
    private int _connectionCount;

    public MiniHttpServer()
    {
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    public ConcurrentQueue<(int Connection, Dictionary<string, string> Headers)> Requests { get; } = new();

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var id = Interlocked.Increment(ref _connectionCount);
                _connections.Add(ServeAsync(client, id));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client, int connection)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
                while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 })
                {
                    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 } line)
                    {
                        var colon = line.IndexOf(':', StringComparison.Ordinal);
                        headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                    }

                    Requests.Enqueue((connection, headers));
                    var close = headers.TryGetValue("Connection", out var value) && value.Equals("close", StringComparison.OrdinalIgnoreCase);
                    var response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n" + (close ? "Connection: close\r\n" : "") + "\r\nok";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
                    if (close)
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The client went away or the test ended.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        await Task.WhenAll(_connections);
        _stop.Dispose();
    }
}
