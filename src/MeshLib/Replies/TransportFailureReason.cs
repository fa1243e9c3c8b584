using MeshLib.Tls;

namespace MeshLib.Replies;

/// <summary>
/// Envoy's transport failure reason: what the TLS layer said when an upstream connection failed during its handshake,
/// appended to the 503 body as <c>, transport failure reason: TLS error: ...</c>.
/// </summary>
internal static class TransportFailureReason
{
    /// <summary>The reason carried by <paramref name="exception"/>, or null when the failure was not a TLS handshake.</summary>
    /// <param name="exception">What the attempt threw.</param>
    /// <returns>The reason, starting with <c>TLS error: </c>, or null.</returns>
    public static string? Of(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case UpstreamTlsException tls:
                    return tls.Message;

                // SocketsHttpHandler's own handshake (https:// attempts) wraps what SslStream threw.
                case HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError, InnerException: { } inner } when inner is not UpstreamTlsException:
                    return UpstreamTlsException.Prefix + inner.Message;
            }
        }

        return null;
    }
}
