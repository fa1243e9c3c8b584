using System.Net.Http;
using System.Net.Sockets;
using Polly.Timeout;

namespace MeshLib.Retries;

/// <summary>Maps an exception thrown by an upstream <c>SendAsync</c> to the Envoy reset reason it stands for.</summary>
internal static class AttemptFailureClassifier
{
    /// <summary>HTTP/2 REFUSED_STREAM error code.</summary>
    private const long RefusedStreamErrorCode = 0x7;

    /// <summary>Classifies <paramref name="exception"/>.</summary>
    /// <param name="exception">What the attempt threw.</param>
    /// <param name="callerToken">The caller's token: an <see cref="OperationCanceledException"/> is the caller's only when it is cancelled.</param>
    /// <returns>The failure kind.</returns>
    public static AttemptFailure Classify(Exception exception, CancellationToken callerToken)
    {
        switch (exception)
        {
            case TimeoutRejectedException:
                return AttemptFailure.PerTryTimeout;
            case OperationCanceledException when callerToken.IsCancellationRequested:
                return AttemptFailure.CallerCancelled;
            case OperationCanceledException oce:
                // SocketsHttpHandler.ConnectTimeout surfaces as a cancellation wrapping a TimeoutException.
                return oce.InnerException is TimeoutException ? AttemptFailure.ConnectTimeout : AttemptFailure.LocalReset;
            case HttpProtocolException protocol:
                return protocol.ErrorCode == RefusedStreamErrorCode ? AttemptFailure.RefusedStream : AttemptFailure.RemoteReset;
            case HttpRequestException request:
                return FromHttpRequestError(request.HttpRequestError, request.InnerException);
            case HttpIOException io:
                return FromHttpRequestError(io.HttpRequestError, io.InnerException);
            case SocketException socket:
                return FromSocketError(socket.SocketErrorCode);
            case IOException io:
                return io.InnerException is SocketException inner ? FromSocketError(inner.SocketErrorCode) : AttemptFailure.ConnectionTermination;
            default:
                return AttemptFailure.LocalReset;
        }
    }

    private static AttemptFailure FromHttpRequestError(HttpRequestError error, Exception? inner) => error switch
    {
        HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError
            => AttemptFailure.ConnectFailure,
        HttpRequestError.ConnectionError => inner is SocketException { SocketErrorCode: SocketError.TimedOut }
            ? AttemptFailure.ConnectTimeout
            : AttemptFailure.ConnectFailure,
        HttpRequestError.ResponseEnded => AttemptFailure.ConnectionTermination,
        HttpRequestError.InvalidResponse => AttemptFailure.ProtocolError,
        HttpRequestError.HttpProtocolError => inner is HttpProtocolException { ErrorCode: RefusedStreamErrorCode }
            ? AttemptFailure.RefusedStream
            : AttemptFailure.RemoteReset,
        HttpRequestError.Unknown => inner switch
        {
            SocketException socket => FromSocketError(socket.SocketErrorCode),
            HttpProtocolException or HttpIOException or IOException => Classify(inner, CancellationToken.None),
            _ => AttemptFailure.LocalReset,
        },
        _ => AttemptFailure.LocalReset,
    };

    private static AttemptFailure FromSocketError(SocketError error) => error switch
    {
        SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable
            or SocketError.HostNotFound or SocketError.HostDown or SocketError.AddressNotAvailable
            or SocketError.NetworkDown or SocketError.TryAgain or SocketError.NoData
            => AttemptFailure.ConnectFailure,
        SocketError.TimedOut => AttemptFailure.ConnectTimeout,
        _ => AttemptFailure.ConnectionTermination,
    };
}
