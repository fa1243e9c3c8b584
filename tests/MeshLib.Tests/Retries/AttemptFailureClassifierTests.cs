using System.Net.Sockets;
using MeshLib.Retries;
using Polly.Timeout;

namespace MeshLib.Tests.Retries;

public class AttemptFailureClassifierTests
{
    public static TheoryData<Exception, string> Cases => new()
    {
        { Failures.ConnectRefused(), nameof(AttemptFailure.ConnectFailure) },
        { new HttpRequestException(HttpRequestError.ConnectionError, "unreachable", new SocketException((int)SocketError.HostUnreachable)), nameof(AttemptFailure.ConnectFailure) },
        { new HttpRequestException(HttpRequestError.ConnectionError, "timed out", new SocketException((int)SocketError.TimedOut)), nameof(AttemptFailure.ConnectTimeout) },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), nameof(AttemptFailure.ConnectFailure) },
        { new HttpRequestException(HttpRequestError.SecureConnectionError, "TLS"), nameof(AttemptFailure.ConnectFailure) },
        { new SocketException((int)SocketError.ConnectionRefused), nameof(AttemptFailure.ConnectFailure) },
        { Failures.ConnectTimeout(), nameof(AttemptFailure.ConnectTimeout) },
        { Failures.ResponseEnded(), nameof(AttemptFailure.ConnectionTermination) },
        { new HttpIOException(HttpRequestError.ResponseEnded, "ended"), nameof(AttemptFailure.ConnectionTermination) },
        { Failures.ConnectionReset(), nameof(AttemptFailure.ConnectionTermination) },
        { new HttpRequestException(HttpRequestError.Unknown, "copy", Failures.ConnectionReset()), nameof(AttemptFailure.ConnectionTermination) },
        { new HttpProtocolException(0x7, "refused", null), nameof(AttemptFailure.RefusedStream) },
        { new HttpRequestException(HttpRequestError.HttpProtocolError, "h2", new HttpProtocolException(0x7, "refused", null)), nameof(AttemptFailure.RefusedStream) },
        { new HttpProtocolException(0x2, "internal error", null), nameof(AttemptFailure.RemoteReset) },
        { Failures.InvalidResponse(), nameof(AttemptFailure.ProtocolError) },
        { new TimeoutRejectedException(), nameof(AttemptFailure.PerTryTimeout) },
        { new OperationCanceledException(), nameof(AttemptFailure.LocalReset) },
        { new InvalidOperationException(), nameof(AttemptFailure.LocalReset) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_MapsExceptionToEnvoyResetReason(Exception exception, string expected)
    {
        Assert.Equal(Enum.Parse<AttemptFailure>(expected), AttemptFailureClassifier.Classify(exception, CancellationToken.None));
    }

    [Fact]
    public void Classify_CancellationWhileCallerCancelled_IsCallerCancellation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Equal(AttemptFailure.CallerCancelled, AttemptFailureClassifier.Classify(new TaskCanceledException(), cts.Token));
    }
}
