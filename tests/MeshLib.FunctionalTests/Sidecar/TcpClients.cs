namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>python3 sockets as TCP clients of the sidecar's TCP listeners.</summary>
public static class TcpClients
{
    // COUNT connections, one after another: send "hello", end the sending side (half-close), print everything that
    // comes back until the server closes, one connection per output line ("closed" when nothing came back). A server
    // that closes at once (no route) may do so before the send or the half-close: that is "closed" too.
    private const string EchoClient = """
        import socket, sys
        port, count = int(sys.argv[1]), int(sys.argv[2])
        for _ in range(count):
            s = socket.create_connection(('127.0.0.1', port), timeout=20)
            try:
                s.sendall(b'hello\n')
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            data = b''
            while True:
                try:
                    chunk = s.recv(4096)
                except (ConnectionResetError, ConnectionAbortedError):
                    break
                if not chunk:
                    break
                data += chunk
            s.close()
            print(data.decode().strip().replace('\n', '|') or 'closed')
        """;

    // Holds one connection open (its first echo proves the upstream is connected), then tries a second conversation.
    private const string HoldingClient = """
        import socket, sys
        port = int(sys.argv[1])
        held = socket.create_connection(('127.0.0.1', port), timeout=20)
        held.sendall(b'hello\n')
        first = held.recv(4096).decode().strip()
        s = socket.create_connection(('127.0.0.1', port), timeout=20)
        try:
            s.sendall(b'hello\n')
            s.shutdown(socket.SHUT_WR)
            extra = s.recv(4096).decode().strip()
        except (ConnectionResetError, BrokenPipeError):
            extra = ''
        s.close()
        held.close()
        print(first)
        print(extra or 'closed')
        """;

    /// <summary>Runs <paramref name="count"/> echo conversations through 127.0.0.1:<paramref name="port"/>; one answer per connection.</summary>
    public static async Task<IReadOnlyList<string>> EchoAsync(int port, int count)
    {
        var result = await ToolRun.RunAsync("python3", ["-c", EchoClient, port.ToString(System.Globalization.CultureInfo.InvariantCulture), count.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        return result.StandardOutput.TrimEnd('\n').Split('\n');
    }

    /// <summary>Holds one conversation open through 127.0.0.1:<paramref name="port"/> while a second one runs; both answers.</summary>
    public static async Task<(string Held, string Extra)> WhileHoldingOneAsync(int port)
    {
        var result = await ToolRun.RunAsync("python3", ["-c", HoldingClient, port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        var lines = result.StandardOutput.TrimEnd('\n').Split('\n');
        return (lines[0], lines[1]);
    }
}
