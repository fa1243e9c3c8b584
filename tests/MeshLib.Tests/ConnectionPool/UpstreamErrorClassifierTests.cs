using System.Net;
using System.Net.Sockets;
using System.Text;
using MeshLib.ConnectionPool;

namespace MeshLib.Tests.ConnectionPool;

public class UpstreamErrorClassifierTests
{
    private static UpstreamResetReason Classify(Exception exception)
    {
        Assert.True(UpstreamErrorClassifier.TryClassify(exception, CancellationToken.None, out var reason));
        return reason;
    }

    [Fact]
    public void ConnectTimeout_IsConnectionTimeout() =>
        Assert.Equal(UpstreamResetReason.ConnectionTimeout, Classify(new TaskCanceledException("connect", new TimeoutException())));

    [Fact]
    public void CallerCancellation_IsNotAnUpstreamFailure()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.False(UpstreamErrorClassifier.TryClassify(new TaskCanceledException("gone", new TimeoutException()), cts.Token, out _));
        Assert.False(UpstreamErrorClassifier.TryClassify(new OperationCanceledException(), CancellationToken.None, out _));
    }

    [Theory]
    [InlineData((int)HttpRequestError.ConnectionError, (int)UpstreamResetReason.RemoteConnectionFailure)]
    [InlineData((int)HttpRequestError.NameResolutionError, (int)UpstreamResetReason.RemoteConnectionFailure)]
    [InlineData((int)HttpRequestError.SecureConnectionError, (int)UpstreamResetReason.RemoteConnectionFailure)]
    [InlineData((int)HttpRequestError.ResponseEnded, (int)UpstreamResetReason.ConnectionTermination)]
    [InlineData((int)HttpRequestError.Unknown, (int)UpstreamResetReason.ConnectionTermination)]
    [InlineData((int)HttpRequestError.InvalidResponse, (int)UpstreamResetReason.ProtocolError)]
    [InlineData((int)HttpRequestError.HttpProtocolError, (int)UpstreamResetReason.RemoteReset)]
    public void HttpRequestError_Maps(int error, int reason) =>
        Assert.Equal((UpstreamResetReason)reason, Classify(new HttpRequestException((HttpRequestError)error, "failed")));

    [Fact]
    public void IOException_IsConnectionTermination() =>
        Assert.Equal(UpstreamResetReason.ConnectionTermination, Classify(new IOException("reset")));

    [Fact]
    public async Task RealFailures_FromTheTransport()
    {
        int closedPort;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var hangUp = new TcpListener(IPAddress.Loopback, 0);
        hangUp.Start();
        using var garbage = new TcpListener(IPAddress.Loopback, 0);
        garbage.Start();
        using var invoker = new HttpMessageInvoker(ClusterTransportFactory.CreateHandler(ConnectionPoolPolicy.Default with { ConnectTimeout = TimeSpan.FromSeconds(5) }));

        Assert.Equal(UpstreamResetReason.RemoteConnectionFailure, await FailureOf(invoker, closedPort, listener: null, reply: ""));

        // SocketsHttpHandler itself retries a request whose connection closes before any response byte (up to
        // three times), so the server hangs up on every connection until the client gives up.
        Assert.Equal(UpstreamResetReason.ConnectionTermination, await FailureOf(invoker, Port(hangUp), hangUp, reply: ""));
        Assert.Equal(UpstreamResetReason.ProtocolError, await FailureOf(invoker, Port(garbage), garbage, reply: "NOT HTTP AT ALL\r\n\r\n"));
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    // Answers every connection by reading the request head, writing the reply verbatim and closing.
    private static async Task ServeAsync(TcpListener listener, string reply, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(stop);
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var head = new StringBuilder();
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, stop);
                    if (read == 0)
                    {
                        break;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes(reply), stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
            // The test is done with this listener, or the client hung up first.
        }
    }

    private static async Task<UpstreamResetReason> FailureOf(HttpMessageInvoker invoker, int port, TcpListener? listener, string reply)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var serving = listener is null ? Task.CompletedTask : ServeAsync(listener, reply, stop.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}/"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var exception = await Record.ExceptionAsync(() => invoker.SendAsync(request, cts.Token));
        await stop.CancelAsync();
        await serving;

        Assert.NotNull(exception);
        Assert.True(UpstreamErrorClassifier.TryClassify(exception, cts.Token, out var reason), exception.ToString());
        return reason;
    }
}
