using System.Buffers;
using System.Net.Sockets;

namespace MeshLib.Tcp;

/// <summary>
/// Carries the bytes of one proxied TCP connection both ways, as Envoy's <c>tcp_proxy</c>: when one side ends its
/// stream the other side's write half is shut (half-close), and the connection is over once both directions have
/// ended. An error in either direction, the idle timeout (no byte either way) or the end of the maximum duration ends
/// both at once.
/// </summary>
internal static class TcpRelay
{
    private const int BufferSize = 16 * 1024;

    /// <summary>Relays until both directions end; the caller disposes the sockets and streams.</summary>
    /// <param name="downstream">The application's connection.</param>
    /// <param name="upstream">The connection to the endpoint (plain or TLS).</param>
    /// <param name="limits">Idle timeout and maximum duration; <see cref="TimeSpan.Zero"/> disables either.</param>
    /// <param name="timeProvider">The clock of both.</param>
    /// <param name="stopping">Ends the relay at once (the sidecar stopping after its drain time).</param>
    /// <returns>The bytes sent upstream and received from upstream.</returns>
    public static async Task<(long Sent, long Received)> RunAsync(
        Socket downstream,
        Stream upstream,
        (TimeSpan Idle, TimeSpan MaxDuration) limits,
        TimeProvider timeProvider,
        CancellationToken stopping)
    {
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var duration = new CancellationTokenSource(limits.MaxDuration > TimeSpan.Zero ? limits.MaxDuration : Timeout.InfiniteTimeSpan, timeProvider);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stopping, idle.Token, duration.Token);
        var activity = new Activity(idle, limits.Idle);
        activity.Touch();

        await using var application = new NetworkStream(downstream, ownsSocket: false);
        var sent = Pump(application, upstream, () => ShutdownWriteAsync(upstream), activity, ended);
        var received = Pump(upstream, application, () => ShutdownWriteAsync(downstream), activity, ended);
        await Task.WhenAll(sent, received).ConfigureAwait(false);
        return (sent.Result, received.Result);
    }

    private static async Task<long> Pump(Stream from, Stream to, Func<ValueTask> endOfStream, Activity activity, CancellationTokenSource ended)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, ended.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    await endOfStream().ConfigureAwait(false);
                    return total;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), ended.Token).ConfigureAwait(false);
                total += read;
                activity.Touch();
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A reset or a timeout on one side ends the other too.
            await ended.CancelAsync().ConfigureAwait(false);
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ValueTask ShutdownWriteAsync(Stream upstream)
    {
        switch (upstream)
        {
            case System.Net.Security.SslStream tls:
                // TLS close_notify: the peer reads the end of the stream and may still answer.
                return new ValueTask(tls.ShutdownAsync());
            case NetworkStream network:
                network.Socket.Shutdown(SocketShutdown.Send);
                return ValueTask.CompletedTask;
            default:
                return ValueTask.CompletedTask;
        }
    }

    private static ValueTask ShutdownWriteAsync(Socket downstream)
    {
        downstream.Shutdown(SocketShutdown.Send);
        return ValueTask.CompletedTask;
    }

    /// <summary>Re-arms the idle timeout after every chunk relayed in either direction.</summary>
    private sealed class Activity(CancellationTokenSource idle, TimeSpan timeout)
    {
        public void Touch()
        {
            if (timeout > TimeSpan.Zero)
            {
                idle.CancelAfter(timeout);
            }
        }
    }
}
