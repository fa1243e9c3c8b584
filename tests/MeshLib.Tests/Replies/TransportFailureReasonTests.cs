using System.Security.Authentication;
using MeshLib.Replies;
using MeshLib.Tls;

namespace MeshLib.Tests.Replies;

public class TransportFailureReasonTests
{
    private const string Prefix = "upstream connect error or disconnect/reset before headers. ";

    [Fact]
    public void OurVerificationFailure_IsTheReason_HoweverWrapped()
    {
        var failure = UpstreamTlsException.VerifyFailed("certificate chain: UntrustedRoot");
        var wrapped = new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established", failure);

        Assert.Equal("TLS error: CERTIFICATE_VERIFY_FAILED: certificate chain: UntrustedRoot", TransportFailureReason.Of(wrapped));
        Assert.Equal("TLS error: CERTIFICATE_VERIFY_FAILED: certificate chain: UntrustedRoot", TransportFailureReason.Of(new HttpRequestException(HttpRequestError.ConnectionError, "x", failure)));
    }

    [Fact]
    public void TheHandlersOwnHandshakeFailure_ReportsWhatSslStreamSaid()
    {
        var wrapped = new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established", new AuthenticationException("handshake failed"));

        Assert.Equal("TLS error: handshake failed", TransportFailureReason.Of(wrapped));
    }

    [Fact]
    public void OtherFailures_HaveNoTransportReason() =>
        Assert.Null(TransportFailureReason.Of(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new System.Net.Sockets.SocketException(111))));

    [Theory]
    [InlineData(false, "reset reason: connection failure, transport failure reason: TLS error: x")]
    [InlineData(true, "retried and the latest reset reason: connection failure, transport failure reason: TLS error: x")]
    public async Task ConnectFailureWithAReason_NamesItInTheBody(bool retried, string expected)
    {
        using var response = LocalReplies.ForFailure(UpstreamFailure.ConnectFailure, retried, grpc: false, "TLS error: x");

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(Prefix + expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WithoutAReason_TheBodyIsTheUsualOne()
    {
        using var response = LocalReplies.ForFailure(UpstreamFailure.ConnectFailure, retried: false, grpc: false, transportFailureReason: null);

        Assert.Equal(Prefix + "reset reason: remote connection failure", await response.Content.ReadAsStringAsync());
    }
}
