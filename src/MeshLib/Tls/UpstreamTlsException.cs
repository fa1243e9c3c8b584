using System.Security.Authentication;

namespace MeshLib.Tls;

/// <summary>
/// An upstream TLS handshake that MeshLib failed or refused: an unverifiable server certificate, a certificate file
/// that could not be loaded, or an error of the handshake itself. The message is what Envoy calls the transport
/// failure reason (<c>TLS error: ...</c>), which the caller reads in the 503 body.
/// </summary>
internal sealed class UpstreamTlsException : AuthenticationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="transportFailureReason">The reason, starting with <c>TLS error: </c>.</param>
    /// <param name="innerException">The failure underneath, if any.</param>
    public UpstreamTlsException(string transportFailureReason, Exception? innerException = null)
        : base(transportFailureReason, innerException)
    {
    }

    /// <summary>The prefix of every reason, as Envoy writes it.</summary>
    public const string Prefix = "TLS error: ";

    /// <summary>A server certificate that failed verification: <c>TLS error: CERTIFICATE_VERIFY_FAILED: detail</c>.</summary>
    /// <param name="detail">What did not verify.</param>
    /// <returns>The exception.</returns>
    public static UpstreamTlsException VerifyFailed(string detail) => new($"{Prefix}CERTIFICATE_VERIFY_FAILED: {detail}");
}
