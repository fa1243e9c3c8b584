using System.Net.Sockets;
using Polly.Timeout;

namespace MeshLib.Replies;

/// <summary>
/// Maps what an upstream <c>SendAsync</c> (<see cref="SocketsHttpHandler"/>, or the per-try timeout around it) throws
/// before response headers to Envoy's reset reason, which picks the local reply body, the response flag, the
/// <c>retryOn</c> condition and what outlier detection hears.
/// </summary>
internal static class UpstreamFailureClassifier
{
    // HTTP/2 REFUSED_STREAM error code (RFC 9113 §7).
    private const long RefusedStreamErrorCode = 0x7;

    /// <summary>Classifies <paramref name="exception"/>.</summary>
    /// <param name="exception">What the attempt threw.</param>
    /// <param name="callerToken">The caller's token: an <see cref="OperationCanceledException"/> is the caller's only when it is cancelled.</param>
    /// <returns>The failure kind.</returns>
    public static UpstreamFailure Classify(Exception exception, CancellationToken callerToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case TimeoutRejectedException:
                return UpstreamFailure.PerTryTimeout;
            case OperationCanceledException when callerToken.IsCancellationRequested:
                return UpstreamFailure.CallerCancelled;
            case OperationCanceledException oce:
                // SocketsHttpHandler.ConnectTimeout surfaces as a cancellation wrapping a TimeoutException; any other
                // cancellation here came from a route or per-try timeout token.
                return oce.InnerException is TimeoutException ? UpstreamFailure.ConnectTimeout : UpstreamFailure.LocalReset;
            case HttpProtocolException protocol:
                return protocol.ErrorCode == RefusedStreamErrorCode ? UpstreamFailure.RefusedStream : UpstreamFailure.RemoteReset;
            case HttpRequestException request:
                return FromHttpRequestError(request.HttpRequestError, request.InnerException);
            case HttpIOException io:
                return FromHttpRequestError(io.HttpRequestError, io.InnerException);
            case SocketException socket:
                return FromSocketError(socket.SocketErrorCode);
            case IOException io:
                // An IOException from the connection after it was established.
                return io.InnerException is SocketException inner ? FromSocketError(inner.SocketErrorCode) : UpstreamFailure.ConnectionTermination;
            default:
                return UpstreamFailure.LocalReset;
        }
    }

    private static UpstreamFailure FromHttpRequestError(HttpRequestError error, Exception? inner) => error switch
    {
        HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError
            => UpstreamFailure.ConnectFailure,
        HttpRequestError.ConnectionError => inner is SocketException socket ? FromConnectError(socket.SocketErrorCode) : UpstreamFailure.ConnectFailure,
        HttpRequestError.ResponseEnded => UpstreamFailure.ConnectionTermination,

        // Oversized response headers and a failed ALPN/version negotiation are codec errors in Envoy: 502 UPE.
        HttpRequestError.InvalidResponse or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.VersionNegotiationError
            => UpstreamFailure.ProtocolError,
        HttpRequestError.HttpProtocolError => inner is HttpProtocolException { ErrorCode: RefusedStreamErrorCode }
            ? UpstreamFailure.RefusedStream
            : UpstreamFailure.RemoteReset,
        HttpRequestError.Unknown => inner switch
        {
            SocketException socket => FromSocketError(socket.SocketErrorCode),
            HttpProtocolException or HttpIOException or IOException => Classify(inner, CancellationToken.None),
            _ => UpstreamFailure.LocalReset,
        },
        _ => UpstreamFailure.LocalReset,
    };

    // While connecting, every socket error is a connect failure unless it says timeout or a local shortage.
    private static UpstreamFailure FromConnectError(SocketError error) => error switch
    {
        SocketError.TimedOut => UpstreamFailure.ConnectTimeout,
        SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable => UpstreamFailure.LocalConnectionFailure,
        _ => UpstreamFailure.ConnectFailure,
    };

    private static UpstreamFailure FromSocketError(SocketError error) => error switch
    {
        SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable
            or SocketError.HostNotFound or SocketError.HostDown or SocketError.AddressNotAvailable
            or SocketError.NetworkDown or SocketError.TryAgain or SocketError.NoData
            => UpstreamFailure.ConnectFailure,
        SocketError.TimedOut => UpstreamFailure.ConnectTimeout,
        _ => UpstreamFailure.ConnectionTermination,
    };
}
