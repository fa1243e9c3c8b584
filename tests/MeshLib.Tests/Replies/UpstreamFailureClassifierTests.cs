using System.Net;
using System.Net.Sockets;
using System.Text;
using MeshLib.ConnectionPool;
using MeshLib.Replies;
using MeshLib.Tests.Retries;
using Polly.Timeout;

namespace MeshLib.Tests.Replies;

public class UpstreamFailureClassifierTests
{
    public static TheoryData<Exception, string> Cases => new()
    {
        { Failures.ConnectRefused(), nameof(UpstreamFailure.ConnectFailure) },
        { new HttpRequestException(HttpRequestError.ConnectionError, "unreachable", new SocketException((int)SocketError.HostUnreachable)), nameof(UpstreamFailure.ConnectFailure) },
        { new HttpRequestException(HttpRequestError.ConnectionError, "timed out", new SocketException((int)SocketError.TimedOut)), nameof(UpstreamFailure.ConnectTimeout) },
        { new HttpRequestException(HttpRequestError.ConnectionError, "no sockets", new SocketException((int)SocketError.TooManyOpenSockets)), nameof(UpstreamFailure.LocalConnectionFailure) },
        { new HttpRequestException(HttpRequestError.ConnectionError, "failed"), nameof(UpstreamFailure.ConnectFailure) },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), nameof(UpstreamFailure.ConnectFailure) },
        { new HttpRequestException(HttpRequestError.SecureConnectionError, "TLS"), nameof(UpstreamFailure.ConnectFailure) },
        { new HttpRequestException(HttpRequestError.ProxyTunnelError, "proxy"), nameof(UpstreamFailure.ConnectFailure) },
        { new SocketException((int)SocketError.ConnectionRefused), nameof(UpstreamFailure.ConnectFailure) },
        { Failures.ConnectTimeout(), nameof(UpstreamFailure.ConnectTimeout) },
        { new TaskCanceledException("connect", new TimeoutException()), nameof(UpstreamFailure.ConnectTimeout) },
        { Failures.ResponseEnded(), nameof(UpstreamFailure.ConnectionTermination) },
        { new HttpIOException(HttpRequestError.ResponseEnded, "ended"), nameof(UpstreamFailure.ConnectionTermination) },
        { Failures.ConnectionReset(), nameof(UpstreamFailure.ConnectionTermination) },
        { new IOException("reset"), nameof(UpstreamFailure.ConnectionTermination) },
        { new HttpRequestException(HttpRequestError.Unknown, "copy", Failures.ConnectionReset()), nameof(UpstreamFailure.ConnectionTermination) },
        { new HttpRequestException(HttpRequestError.Unknown, "failed"), nameof(UpstreamFailure.LocalReset) },
        { new HttpProtocolException(0x7, "refused", null), nameof(UpstreamFailure.RefusedStream) },
        { new HttpRequestException(HttpRequestError.HttpProtocolError, "h2", new HttpProtocolException(0x7, "refused", null)), nameof(UpstreamFailure.RefusedStream) },
        { new HttpRequestException(HttpRequestError.HttpProtocolError, "h2"), nameof(UpstreamFailure.RemoteReset) },
        { new HttpProtocolException(0x2, "internal error", null), nameof(UpstreamFailure.RemoteReset) },
        { Failures.InvalidResponse(), nameof(UpstreamFailure.ProtocolError) },
        { new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, "headers too long"), nameof(UpstreamFailure.ProtocolError) },
        { new HttpRequestException(HttpRequestError.VersionNegotiationError, "no h2"), nameof(UpstreamFailure.ProtocolError) },
        { new TimeoutRejectedException(), nameof(UpstreamFailure.PerTryTimeout) },
        { new OperationCanceledException(), nameof(UpstreamFailure.LocalReset) },
        { new InvalidOperationException(), nameof(UpstreamFailure.LocalReset) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_MapsExceptionToEnvoyResetReason(Exception exception, string expected) =>
        Assert.Equal(Enum.Parse<UpstreamFailure>(expected), UpstreamFailureClassifier.Classify(exception, CancellationToken.None));

    [Fact]
    public void Classify_CancellationWhileCallerCancelled_IsCallerCancellation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Equal(UpstreamFailure.CallerCancelled, UpstreamFailureClassifier.Classify(new TaskCanceledException(), cts.Token));

        // Even a connect timeout is the caller's once the caller has gone.
        Assert.Equal(UpstreamFailure.CallerCancelled, UpstreamFailureClassifier.Classify(new TaskCanceledException("gone", new TimeoutException()), cts.Token));
    }

    [Fact]
    public void Classify_Null_Throws() =>
        Assert.Throws<ArgumentNullException>(() => UpstreamFailureClassifier.Classify(null!, CancellationToken.None));

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

        Assert.Equal(UpstreamFailure.ConnectFailure, await FailureOf(invoker, closedPort, listener: null, reply: ""));

        // SocketsHttpHandler itself retries a request whose connection closes before any response byte (up to
        // three times), so the server hangs up on every connection until the client gives up.
        Assert.Equal(UpstreamFailure.ConnectionTermination, await FailureOf(invoker, Port(hangUp), hangUp, reply: ""));
        Assert.Equal(UpstreamFailure.ProtocolError, await FailureOf(invoker, Port(garbage), garbage, reply: "NOT HTTP AT ALL\r\n\r\n"));
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

    private static async Task<UpstreamFailure> FailureOf(HttpMessageInvoker invoker, int port, TcpListener? listener, string reply)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var serving = listener is null ? Task.CompletedTask : ServeAsync(listener, reply, stop.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}/"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var exception = await Record.ExceptionAsync(() => invoker.SendAsync(request, cts.Token));
        await stop.CancelAsync();
        await serving;

        Assert.NotNull(exception);
        return UpstreamFailureClassifier.Classify(exception, cts.Token);
    }
}
