namespace MeshLib.ConnectionPool;

/// <summary>
/// Maps what <see cref="SocketsHttpHandler"/> throws before response headers to Envoy's reset reason, which picks the
/// local reply body, the response flag and the <c>retryOn</c> condition (<c>connect-failure</c>, <c>reset</c>,
/// <c>refused-stream</c>).
/// </summary>
internal static class UpstreamErrorClassifier
{
    // HTTP/2 REFUSED_STREAM error code (RFC 9113 §7).
    private const long Http2RefusedStream = 0x7;

    /// <summary>Classifies a failed upstream send.</summary>
    /// <param name="exception">What <see cref="HttpMessageInvoker.SendAsync"/> threw.</param>
    /// <param name="cancellationToken">
    /// The token given to the send; when it was cancelled the failure is the caller's or a timeout's, not the upstream's.
    /// </param>
    /// <param name="reason">The reset reason when the failure is an upstream one.</param>
    /// <returns><see langword="false"/> for cancellation by <paramref name="cancellationToken"/>.</returns>
    public static bool TryClassify(Exception exception, CancellationToken cancellationToken, out UpstreamResetReason reason)
    {
        ArgumentNullException.ThrowIfNull(exception);
        reason = UpstreamResetReason.ConnectionTermination;
        switch (exception)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return false;

            // SocketsHttpHandler reports its ConnectTimeout as a cancellation wrapping a TimeoutException.
            case OperationCanceledException { InnerException: TimeoutException }:
                reason = UpstreamResetReason.ConnectionTimeout;
                return true;

            case OperationCanceledException:
                return false;

            case HttpProtocolException { ErrorCode: Http2RefusedStream }:
                reason = UpstreamResetReason.RemoteRefusedStreamReset;
                return true;

            case HttpRequestException request:
                reason = request.HttpRequestError switch
                {
                    HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
                        => UpstreamResetReason.RemoteConnectionFailure,
                    HttpRequestError.HttpProtocolError => UpstreamResetReason.RemoteReset,
                    HttpRequestError.InvalidResponse or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.VersionNegotiationError
                        => UpstreamResetReason.ProtocolError,
                    _ => UpstreamResetReason.ConnectionTermination,
                };
                return true;

            default:
                // An IOException or similar from the connection after it was established.
                return true;
        }
    }
}
