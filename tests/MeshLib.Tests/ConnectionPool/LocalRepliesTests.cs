using System.Net;
using System.Text;
using MeshLib.ConnectionPool;

namespace MeshLib.Tests.ConnectionPool;

public class LocalRepliesTests
{
    private const string Prefix = "upstream connect error or disconnect/reset before headers. ";

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
                Assert.Equal(new[] { ("content-length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("content-type", "text/plain") }, contentHeaders);
            }
        }
    }

    [Fact]
    public Task Overflow() =>
        AssertReply(LocalReplies.Overflow(), HttpStatusCode.ServiceUnavailable, Prefix + "reset reason: overflow", ("x-envoy-overloaded", "true"));

    [Fact]
    public Task Overflow_Retried() =>
        AssertReply(LocalReplies.Overflow(retried: true), HttpStatusCode.ServiceUnavailable, Prefix + "retried and the latest reset reason: overflow", ("x-envoy-overloaded", "true"));

    [Fact]
    public Task NoHealthyUpstream() =>
        AssertReply(LocalReplies.NoHealthyUpstream(), HttpStatusCode.ServiceUnavailable, "no healthy upstream");

    [Fact]
    public Task UpstreamRequestTimeout() =>
        AssertReply(LocalReplies.UpstreamRequestTimeout(), HttpStatusCode.GatewayTimeout, "upstream request timeout");

    [Theory]
    [InlineData((int)UpstreamResetReason.RemoteConnectionFailure, false, 503, "reset reason: remote connection failure")]
    [InlineData((int)UpstreamResetReason.RemoteConnectionFailure, true, 503, "retried and the latest reset reason: remote connection failure")]
    [InlineData((int)UpstreamResetReason.LocalConnectionFailure, false, 503, "reset reason: local connection failure")]
    [InlineData((int)UpstreamResetReason.ConnectionTimeout, false, 503, "reset reason: connection timeout")]
    [InlineData((int)UpstreamResetReason.ConnectionTimeout, true, 503, "retried and the latest reset reason: connection timeout")]
    [InlineData((int)UpstreamResetReason.ConnectionTermination, false, 503, "reset reason: connection termination")]
    [InlineData((int)UpstreamResetReason.RemoteReset, true, 503, "retried and the latest reset reason: remote reset")]
    [InlineData((int)UpstreamResetReason.RemoteRefusedStreamReset, false, 503, "reset reason: remote refused stream reset")]
    [InlineData((int)UpstreamResetReason.ProtocolError, false, 502, "reset reason: protocol error")]
    public Task ConnectFailure(int reason, bool retried, int status, string tail) =>
        AssertReply(LocalReplies.ConnectFailure((UpstreamResetReason)reason, retried), (HttpStatusCode)status, Prefix + tail);

    [Fact]
    public Task ConnectFailure_DefaultsToRemoteConnectionFailure() =>
        AssertReply(LocalReplies.ConnectFailure(), HttpStatusCode.ServiceUnavailable, Prefix + "reset reason: remote connection failure");

    [Theory]
    [InlineData(500)]
    [InlineData(418)]
    [InlineData(503)]
    public Task FaultAbort(int status) =>
        AssertReply(LocalReplies.FaultAbort(status), (HttpStatusCode)status, "fault filter abort");

    [Fact]
    public Task NoRoute() => AssertReply(LocalReplies.NoRoute(), HttpStatusCode.NotFound, "");

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
    [InlineData((int)LocalReplyKind.Overflow, (int)ResponseFlags.UO)]
    [InlineData((int)LocalReplyKind.NoHealthyUpstream, (int)ResponseFlags.UH)]
    [InlineData((int)LocalReplyKind.UpstreamRequestTimeout, (int)ResponseFlags.UT)]
    [InlineData((int)LocalReplyKind.ConnectFailure, (int)ResponseFlags.UF)]
    [InlineData((int)LocalReplyKind.FaultAbort, (int)ResponseFlags.FI)]
    [InlineData((int)LocalReplyKind.NoRoute, (int)ResponseFlags.NR)]
    [InlineData((int)LocalReplyKind.NoCluster, (int)ResponseFlags.NC)]
    [InlineData((int)LocalReplyKind.BlackHole, (int)ResponseFlags.None)]
    public void Flag_OfReply(int kind, int flag) => Assert.Equal((ResponseFlags)flag, LocalReplies.Flag((LocalReplyKind)kind));

    [Theory]
    [InlineData((int)UpstreamResetReason.RemoteConnectionFailure, (int)ResponseFlags.UF)]
    [InlineData((int)UpstreamResetReason.LocalConnectionFailure, (int)ResponseFlags.UF)]
    [InlineData((int)UpstreamResetReason.ConnectionTimeout, (int)ResponseFlags.UF)]
    [InlineData((int)UpstreamResetReason.ConnectionTermination, (int)ResponseFlags.UC)]
    [InlineData((int)UpstreamResetReason.RemoteReset, (int)ResponseFlags.UR)]
    [InlineData((int)UpstreamResetReason.RemoteRefusedStreamReset, (int)ResponseFlags.UR)]
    [InlineData((int)UpstreamResetReason.ProtocolError, (int)ResponseFlags.UPE)]
    public void Flag_OfReset(int reason, int flag) => Assert.Equal((ResponseFlags)flag, LocalReplies.Flag((UpstreamResetReason)reason));

    [Fact]
    public void ResponseFlags_Combine()
    {
        var flags = ResponseFlags.UF | ResponseFlags.URX;

        Assert.True(flags.HasFlag(ResponseFlags.UF));
        Assert.True(flags.HasFlag(ResponseFlags.URX));
        Assert.False(flags.HasFlag(ResponseFlags.UO));
    }
}
