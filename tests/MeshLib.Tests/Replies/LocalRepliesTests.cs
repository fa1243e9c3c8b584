using System.Globalization;
using System.Net;
using System.Text;
using MeshLib.Replies;

namespace MeshLib.Tests.Replies;

public class LocalRepliesTests
{
    private const string Prefix = "upstream connect error or disconnect/reset before headers. ";

    // Exact headers: server: envoy (+ extras) on the response; content-length + text/plain with a body, no content type without.
    private static async Task AssertReply(HttpResponseMessage response, HttpStatusCode status, string body, params (string Name, string Value)[] extraHeaders)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(Encoding.ASCII.GetBytes(body), bytes);

            var expected = new List<(string, string)> { ("server", "envoy") };
            expected.AddRange(extraHeaders);
            Assert.Equal(
                expected.OrderBy(h => h.Item1, StringComparer.Ordinal),
                response.Headers.Select(h => (h.Key.ToLowerInvariant(), string.Join(",", h.Value))).OrderBy(h => h.Item1, StringComparer.Ordinal));

            var contentHeaders = response.Content.Headers.Select(h => (h.Key.ToLowerInvariant(), string.Join(",", h.Value))).OrderBy(h => h.Item1, StringComparer.Ordinal);
            if (body.Length == 0)
            {
                Assert.DoesNotContain(contentHeaders, h => h.Item1 == "content-type");
            }
            else
            {
                Assert.Equal(new[] { ("content-length", body.Length.ToString(CultureInfo.InvariantCulture)), ("content-type", "text/plain") }, contentHeaders);
            }
        }
    }

    // gRPC form: 200, application/grpc, grpc-status, grpc-message = body (absent for an empty body), no body.
    private static async Task AssertGrpcReply(HttpResponseMessage response, int grpcStatus, string? message, params (string Name, string Value)[] extraHeaders)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);

            var expected = new List<(string, string)> { ("server", "envoy"), ("grpc-status", grpcStatus.ToString(CultureInfo.InvariantCulture)) };
            if (message is not null)
            {
                expected.Add(("grpc-message", message));
            }

            expected.AddRange(extraHeaders);
            Assert.Equal(
                expected.OrderBy(h => h.Item1, StringComparer.Ordinal),
                response.Headers.Select(h => (h.Key.ToLowerInvariant(), string.Join(",", h.Value))).OrderBy(h => h.Item1, StringComparer.Ordinal));
        }
    }

    [Fact]
    public Task Overflow() =>
        AssertReply(LocalReplies.Overflow(), HttpStatusCode.ServiceUnavailable, Prefix + "reset reason: overflow", ("x-envoy-overloaded", "true"));

    [Fact]
    public Task Overflow_Retried() =>
        AssertReply(LocalReplies.Overflow(retried: true), HttpStatusCode.ServiceUnavailable, Prefix + "retried and the latest reset reason: overflow", ("x-envoy-overloaded", "true"));

    [Fact]
    public Task Overflow_Grpc_KeepsOverloadedHeader() =>
        AssertGrpcReply(LocalReplies.Overflow(grpc: true), 14, Prefix + "reset reason: overflow", ("x-envoy-overloaded", "true"));

    [Fact]
    public Task NoHealthyUpstream() =>
        AssertReply(LocalReplies.NoHealthyUpstream(), HttpStatusCode.ServiceUnavailable, "no healthy upstream");

    [Fact]
    public Task NoHealthyUpstream_Grpc() => AssertGrpcReply(LocalReplies.NoHealthyUpstream(grpc: true), 14, "no healthy upstream");

    [Fact]
    public Task RequestTimeout_Is504UpstreamRequestTimeout() =>
        AssertReply(LocalReplies.RequestTimeout(), HttpStatusCode.GatewayTimeout, "upstream request timeout");

    [Fact]
    public Task RequestTimeout_ForGrpc_IsTrailersOnly200WithUnavailable() =>
        AssertGrpcReply(LocalReplies.RequestTimeout(grpc: true), 14, "upstream request timeout");

    [Theory]
    [InlineData(nameof(UpstreamFailure.ConnectFailure), false, 503, "reset reason: remote connection failure")]
    [InlineData(nameof(UpstreamFailure.ConnectFailure), true, 503, "retried and the latest reset reason: remote connection failure")]
    [InlineData(nameof(UpstreamFailure.LocalConnectionFailure), false, 503, "reset reason: local connection failure")]
    [InlineData(nameof(UpstreamFailure.ConnectTimeout), false, 503, "reset reason: connection timeout")]
    [InlineData(nameof(UpstreamFailure.ConnectTimeout), true, 503, "retried and the latest reset reason: connection timeout")]
    [InlineData(nameof(UpstreamFailure.ConnectionTermination), false, 503, "reset reason: connection termination")]
    [InlineData(nameof(UpstreamFailure.RemoteReset), false, 503, "reset reason: remote reset")]
    [InlineData(nameof(UpstreamFailure.RemoteReset), true, 503, "retried and the latest reset reason: remote reset")]
    [InlineData(nameof(UpstreamFailure.RefusedStream), false, 503, "reset reason: remote refused stream reset")]
    [InlineData(nameof(UpstreamFailure.RefusedStream), true, 503, "retried and the latest reset reason: remote refused stream reset")]
    [InlineData(nameof(UpstreamFailure.ProtocolError), false, 502, "reset reason: protocol error")]
    [InlineData(nameof(UpstreamFailure.LocalReset), false, 503, "reset reason: local reset")]
    [InlineData(nameof(UpstreamFailure.CallerCancelled), false, 503, "reset reason: local reset")]
    public Task ForFailure_IsEnvoysLocalReply(string failure, bool retried, int status, string tail) =>
        AssertReply(LocalReplies.ForFailure(Enum.Parse<UpstreamFailure>(failure), retried), (HttpStatusCode)status, Prefix + tail);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task ForFailure_PerTryTimeout_Is504UpstreamRequestTimeout(bool retried) =>
        AssertReply(LocalReplies.ForFailure(UpstreamFailure.PerTryTimeout, retried), HttpStatusCode.GatewayTimeout, "upstream request timeout");

    [Theory]
    [InlineData(nameof(UpstreamFailure.ConnectFailure), 14)]
    [InlineData(nameof(UpstreamFailure.ProtocolError), 14)]
    public Task ForFailure_Grpc_MapsStatus(string failure, int grpcStatus)
    {
        var value = Enum.Parse<UpstreamFailure>(failure);
        return AssertGrpcReply(LocalReplies.ForFailure(value, retried: true, grpc: true), grpcStatus, LocalReplies.ResetText(value, retried: true));
    }

    [Fact]
    public void ResetText_IsTheBody() =>
        Assert.Equal(Prefix + "retried and the latest reset reason: connection termination", LocalReplies.ResetText(UpstreamFailure.ConnectionTermination, retried: true));

    [Theory]
    [InlineData(500)]
    [InlineData(418)]
    [InlineData(503)]
    public Task FaultAbort(int status) =>
        AssertReply(LocalReplies.FaultAbort(status), (HttpStatusCode)status, "fault filter abort");

    [Fact]
    public Task FaultAbort_Grpc_MapsHttpStatus() => AssertGrpcReply(LocalReplies.FaultAbort(503, grpc: true), 14, "fault filter abort");

    [Fact]
    public Task FaultAbort_Grpc_UsesConfiguredGrpcStatus() =>
        AssertGrpcReply(LocalReplies.FaultAbort(200, grpc: true, grpcStatus: 8), 8, "fault filter abort");

    [Fact]
    public Task NoRoute() => AssertReply(LocalReplies.NoRoute(), HttpStatusCode.NotFound, "");

    [Fact]
    public Task NoRoute_Grpc_IsUnimplementedWithoutMessage() => AssertGrpcReply(LocalReplies.NoRoute(grpc: true), 12, message: null);

    [Fact]
    public Task NoCluster() => AssertReply(LocalReplies.NoCluster(), HttpStatusCode.ServiceUnavailable, "");

    [Fact]
    public Task BlackHole() => AssertReply(LocalReplies.BlackHole(), HttpStatusCode.BadGateway, "");

    [Fact]
    public void EachCall_ReturnsNewResponse()
    {
        using var a = LocalReplies.Overflow();
        using var b = LocalReplies.Overflow();

        Assert.NotSame(a, b);
        Assert.NotSame(a.Content, b.Content);
    }

    [Fact]
    public async Task Body_IsReadOnly()
    {
        using var response = LocalReplies.NoHealthyUpstream();
        await using var stream = await response.Content.ReadAsStreamAsync();

        Assert.False(stream.CanWrite);
    }

    [Theory]
    [InlineData((int)LocalReplyKind.Overflow, (int)ResponseFlags.UpstreamOverflow)]
    [InlineData((int)LocalReplyKind.NoHealthyUpstream, (int)ResponseFlags.NoHealthyUpstream)]
    [InlineData((int)LocalReplyKind.UpstreamRequestTimeout, (int)ResponseFlags.UpstreamRequestTimeout)]
    [InlineData((int)LocalReplyKind.ConnectFailure, (int)ResponseFlags.UpstreamConnectionFailure)]
    [InlineData((int)LocalReplyKind.FaultAbort, (int)ResponseFlags.FaultInjected)]
    [InlineData((int)LocalReplyKind.NoRoute, (int)ResponseFlags.NoRoute)]
    [InlineData((int)LocalReplyKind.NoCluster, (int)ResponseFlags.NoClusterFound)]
    [InlineData((int)LocalReplyKind.BlackHole, (int)ResponseFlags.None)]
    public void FlagFor_Reply(int kind, int flag) => Assert.Equal((ResponseFlags)flag, LocalReplies.FlagFor((LocalReplyKind)kind));

    [Theory]
    [InlineData((int)UpstreamFailure.ConnectFailure, (int)ResponseFlags.UpstreamConnectionFailure)]
    [InlineData((int)UpstreamFailure.LocalConnectionFailure, (int)ResponseFlags.UpstreamConnectionFailure)]
    [InlineData((int)UpstreamFailure.ConnectTimeout, (int)ResponseFlags.UpstreamConnectionFailure)]
    [InlineData((int)UpstreamFailure.ConnectionTermination, (int)ResponseFlags.UpstreamConnectionTermination)]
    [InlineData((int)UpstreamFailure.RemoteReset, (int)ResponseFlags.UpstreamRemoteReset)]
    [InlineData((int)UpstreamFailure.RefusedStream, (int)ResponseFlags.UpstreamRemoteReset)]
    [InlineData((int)UpstreamFailure.ProtocolError, (int)ResponseFlags.UpstreamProtocolError)]
    [InlineData((int)UpstreamFailure.PerTryTimeout, (int)ResponseFlags.UpstreamRequestTimeout)]
    [InlineData((int)UpstreamFailure.LocalReset, (int)ResponseFlags.LocalReset)]
    [InlineData((int)UpstreamFailure.CallerCancelled, (int)ResponseFlags.None)]
    [InlineData((int)UpstreamFailure.None, (int)ResponseFlags.None)]
    public void FlagFor_Failure(int failure, int flag) => Assert.Equal((ResponseFlags)flag, LocalReplies.FlagFor((UpstreamFailure)failure));

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
    public void HttpToGrpcStatus_IsEnvoysMapping(int http, int grpc) => Assert.Equal(grpc, LocalReplies.HttpToGrpcStatus(http));
}
