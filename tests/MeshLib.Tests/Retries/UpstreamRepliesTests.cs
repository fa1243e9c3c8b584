using System.Net;
using MeshLib.Retries;

namespace MeshLib.Tests.Retries;

public class UpstreamRepliesTests
{
    [Theory]
    [InlineData(nameof(AttemptFailure.ConnectFailure), false, 503, "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure")]
    [InlineData(nameof(AttemptFailure.ConnectFailure), true, 503, "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure")]
    [InlineData(nameof(AttemptFailure.ConnectTimeout), false, 503, "upstream connect error or disconnect/reset before headers. reset reason: connection timeout")]
    [InlineData(nameof(AttemptFailure.ConnectionTermination), false, 503, "upstream connect error or disconnect/reset before headers. reset reason: connection termination")]
    [InlineData(nameof(AttemptFailure.RefusedStream), true, 503, "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote refused stream reset")]
    [InlineData(nameof(AttemptFailure.RemoteReset), false, 503, "upstream connect error or disconnect/reset before headers. reset reason: remote reset")]
    [InlineData(nameof(AttemptFailure.ProtocolError), false, 502, "upstream connect error or disconnect/reset before headers. reset reason: protocol error")]
    [InlineData(nameof(AttemptFailure.LocalReset), false, 503, "upstream connect error or disconnect/reset before headers. reset reason: local reset")]
    [InlineData(nameof(AttemptFailure.PerTryTimeout), true, 504, "upstream request timeout")]
    public async Task ForFailure_IsEnvoysLocalReply(string failure, bool retried, int status, string body)
    {
        using var response = UpstreamReplies.ForFailure(Enum.Parse<AttemptFailure>(failure), retried, grpc: false);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("envoy", Assert.Single(response.Headers.GetValues("server")));
    }

    [Fact]
    public async Task RequestTimeout_Is504UpstreamRequestTimeout()
    {
        using var response = UpstreamReplies.RequestTimeout(grpc: false);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream request timeout", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RequestTimeout_ForGrpc_IsTrailersOnly200WithUnavailable()
    {
        using var response = UpstreamReplies.RequestTimeout(grpc: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("14", Assert.Single(response.Headers.GetValues("grpc-status")));
        Assert.Equal("upstream request timeout", Assert.Single(response.Headers.GetValues("grpc-message")));
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(400, 13)]
    [InlineData(401, 16)]
    [InlineData(403, 7)]
    [InlineData(404, 12)]
    [InlineData(429, 14)]
    [InlineData(502, 14)]
    [InlineData(503, 14)]
    [InlineData(504, 14)]
    [InlineData(500, 2)]
    public void HttpToGrpcStatus_IsEnvoysMapping(int http, int grpc)
    {
        Assert.Equal(grpc, UpstreamReplies.HttpToGrpcStatus(http));
    }
}
