using System.Net;
using MeshLib.Configuration;
using MeshLib.Configuration.VirtualService;
using MeshLib.Replies;
using MeshLib.Retries;

namespace MeshLib.Tests.Retries;

public class RetryPolicyTests
{
    [Theory]
    [InlineData("5xx", nameof(RetryOn.FiveXx))]
    [InlineData("gateway-error", nameof(RetryOn.GatewayError))]
    [InlineData("reset", nameof(RetryOn.Reset))]
    [InlineData("reset-before-request", nameof(RetryOn.ResetBeforeRequest))]
    [InlineData("connect-failure", nameof(RetryOn.ConnectFailure))]
    [InlineData("retriable-4xx", nameof(RetryOn.Retriable4xx))]
    [InlineData("refused-stream", nameof(RetryOn.RefusedStream))]
    [InlineData("retriable-status-codes", nameof(RetryOn.RetriableStatusCodes))]
    [InlineData("retriable-headers", nameof(RetryOn.RetriableHeaders))]
    [InlineData("envoy-ratelimited", nameof(RetryOn.EnvoyRateLimited))]
    [InlineData("http3-post-connect-failure", nameof(RetryOn.Http3PostConnectFailure))]
    [InlineData("cancelled", nameof(RetryOn.GrpcCancelled))]
    [InlineData("deadline-exceeded", nameof(RetryOn.GrpcDeadlineExceeded))]
    [InlineData("internal", nameof(RetryOn.GrpcInternal))]
    [InlineData("resource-exhausted", nameof(RetryOn.GrpcResourceExhausted))]
    [InlineData("unavailable", nameof(RetryOn.GrpcUnavailable))]
    [InlineData("bogus", nameof(RetryOn.None))]
    public void ParseRetryOn_EachToken_MapsToItsFlag(string token, string expected)
    {
        var (flags, codes) = RetryPolicy.ParseRetryOn(token);

        Assert.Equal(Enum.Parse<RetryOn>(expected), flags);
        Assert.Empty(codes);
    }

    [Fact]
    public void ParseRetryOn_IntegerTokens_BecomeStatusCodesAndEnableRetriableStatusCodes()
    {
        var (flags, codes) = RetryPolicy.ParseRetryOn("503,reset,409,503");

        Assert.Equal(RetryOn.Reset | RetryOn.RetriableStatusCodes, flags);
        Assert.Equal([503, 409], codes);
    }

    [Fact]
    public void ParseRetryOn_IntegerWithoutReasonPhrase_IsIgnoredAsGoDoes()
    {
        var (flags, codes) = RetryPolicy.ParseRetryOn("5xx,999,306");

        Assert.Equal(RetryOn.FiveXx, flags);
        Assert.Empty(codes);
    }

    [Fact]
    public void Default_IsIstiosPolicyWithoutAnyStatusCode()
    {
        var policy = RetryPolicy.FromConfig(null);

        Assert.Same(RetryPolicy.Default, policy);
        Assert.Equal(2, policy.MaxRetries);
        Assert.Equal(
            RetryOn.ConnectFailure | RetryOn.RefusedStream | RetryOn.GrpcUnavailable | RetryOn.GrpcCancelled | RetryOn.RetriableStatusCodes,
            policy.RetryOn);
        Assert.Empty(policy.RetriableStatusCodes);
        Assert.Null(policy.PerTryTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(25), policy.BaseInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(250), policy.MaxInterval);
        Assert.True(policy.RetryIgnorePreviousHosts(consistentHash: false));
        Assert.False(policy.RetryIgnorePreviousHosts(consistentHash: true));
        Assert.False(policy.RetryRemoteLocalities);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(-1)]
    public void FromConfig_AttemptsNotPositive_DisablesRetries(int? attempts)
    {
        var policy = RetryPolicy.FromConfig(new HttpRetryConfig { Attempts = attempts, RetryOn = "5xx" });

        Assert.False(policy.IsEnabled);
        Assert.Equal(0, policy.MaxRetries);
    }

    [Fact]
    public void FromConfig_AttemptsWithoutRetryOn_KeepsDefaultConditions()
    {
        var policy = RetryPolicy.FromConfig(new HttpRetryConfig { Attempts = 5 });

        Assert.Equal(5, policy.MaxRetries);
        Assert.Equal(RetryPolicy.Default.RetryOn, policy.RetryOn);
    }

    [Fact]
    public void FromConfig_AllFields_AreCompiled()
    {
        var policy = RetryPolicy.FromConfig(new HttpRetryConfig
        {
            Attempts = 3,
            RetryOn = "gateway-error,429",
            PerTryTimeout = Duration.Parse("2s"),
            Backoff = Duration.Parse("100ms"),
            RetryIgnorePreviousHosts = false,
            RetryRemoteLocalities = true,
        });

        Assert.Equal(3, policy.MaxRetries);
        Assert.Equal(RetryOn.GatewayError | RetryOn.RetriableStatusCodes, policy.RetryOn);
        Assert.Equal([429], policy.RetriableStatusCodes);
        Assert.Equal(TimeSpan.FromSeconds(2), policy.PerTryTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.BaseInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), policy.MaxInterval);
        Assert.False(policy.RetryIgnorePreviousHosts(consistentHash: false));
        Assert.True(policy.RetryRemoteLocalities);
    }

    [Theory]
    [InlineData("5xx", 500, true)]
    [InlineData("5xx", 503, true)]
    [InlineData("5xx", 599, true)]
    [InlineData("5xx", 404, false)]
    [InlineData("gateway-error", 502, true)]
    [InlineData("gateway-error", 503, true)]
    [InlineData("gateway-error", 504, true)]
    [InlineData("gateway-error", 500, false)]
    [InlineData("retriable-4xx", 409, true)]
    [InlineData("retriable-4xx", 429, false)]
    [InlineData("503", 503, true)]
    [InlineData("429,reset", 429, true)]
    [InlineData("429,reset", 503, false)]
    [InlineData("retriable-status-codes", 503, false)]
    [InlineData("connect-failure,refused-stream,reset", 503, false)]
    [InlineData("retriable-headers", 503, false)]
    public void ShouldRetry_ResponseStatus(string retryOn, int status, bool expected)
    {
        var policy = Policy(retryOn);
        using var response = new HttpResponseMessage((HttpStatusCode)status);

        Assert.Equal(expected, policy.ShouldRetry(response));
    }

    [Theory]
    [InlineData("cancelled", "1", true)]
    [InlineData("deadline-exceeded", "4", true)]
    [InlineData("resource-exhausted", "8", true)]
    [InlineData("internal", "13", true)]
    [InlineData("unavailable", "14", true)]
    [InlineData("unavailable", "1", false)]
    [InlineData("cancelled", "14", false)]
    [InlineData("unavailable", "0", false)]
    [InlineData("5xx", "14", false)]
    public void ShouldRetry_GrpcStatusInResponseHeaders(string retryOn, string grpcStatus, bool expected)
    {
        var policy = Policy(retryOn);
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("grpc-status", grpcStatus);

        Assert.Equal(expected, policy.ShouldRetry(response));
    }

    [Fact]
    public void ShouldRetry_GrpcStatusOnlyInTrailers_IsNotRetried()
    {
        var policy = Policy("unavailable");
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "14");

        Assert.False(policy.ShouldRetry(response));
    }

    [Theory]
    [InlineData("5xx", false)]
    [InlineData("5xx,envoy-ratelimited", true)]
    [InlineData("envoy-ratelimited", true)]
    public void ShouldRetry_RateLimitedResponse_OnlyWithEnvoyRateLimited(string retryOn, bool expected)
    {
        var policy = Policy(retryOn);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("x-envoy-ratelimited", "true");
        using var unavailable = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        unavailable.Headers.TryAddWithoutValidation("x-envoy-ratelimited", "true");

        Assert.Equal(expected, policy.ShouldRetry(response));
        Assert.Equal(expected, policy.ShouldRetry(unavailable));
    }

    [Theory]
    [InlineData("connect-failure", nameof(UpstreamFailure.ConnectFailure), true)]
    [InlineData("connect-failure", nameof(UpstreamFailure.ConnectTimeout), true)]
    [InlineData("connect-failure", nameof(UpstreamFailure.LocalConnectionFailure), true)]
    [InlineData("reset-before-request", nameof(UpstreamFailure.LocalConnectionFailure), true)]
    [InlineData("connect-failure", nameof(UpstreamFailure.ConnectionTermination), false)]
    [InlineData("connect-failure", nameof(UpstreamFailure.RefusedStream), false)]
    [InlineData("connect-failure", nameof(UpstreamFailure.PerTryTimeout), false)]
    [InlineData("refused-stream", nameof(UpstreamFailure.RefusedStream), true)]
    [InlineData("refused-stream", nameof(UpstreamFailure.RemoteReset), false)]
    [InlineData("reset", nameof(UpstreamFailure.ConnectFailure), true)]
    [InlineData("reset", nameof(UpstreamFailure.ConnectionTermination), true)]
    [InlineData("reset", nameof(UpstreamFailure.RemoteReset), true)]
    [InlineData("reset", nameof(UpstreamFailure.ProtocolError), true)]
    [InlineData("reset", nameof(UpstreamFailure.PerTryTimeout), true)]
    [InlineData("5xx", nameof(UpstreamFailure.ConnectionTermination), true)]
    [InlineData("5xx", nameof(UpstreamFailure.PerTryTimeout), true)]
    [InlineData("gateway-error", nameof(UpstreamFailure.PerTryTimeout), true)]
    [InlineData("gateway-error", nameof(UpstreamFailure.ConnectFailure), true)]
    [InlineData("reset-before-request", nameof(UpstreamFailure.ConnectFailure), true)]
    [InlineData("reset-before-request", nameof(UpstreamFailure.RefusedStream), true)]
    [InlineData("reset-before-request", nameof(UpstreamFailure.ConnectionTermination), false)]
    [InlineData("reset-before-request", nameof(UpstreamFailure.PerTryTimeout), false)]
    [InlineData("retriable-4xx,retriable-status-codes,unavailable,cancelled", nameof(UpstreamFailure.PerTryTimeout), false)]
    [InlineData("5xx,reset,connect-failure", nameof(UpstreamFailure.CallerCancelled), false)]
    [InlineData("5xx,reset,connect-failure", nameof(UpstreamFailure.None), false)]
    public void ShouldRetry_Failure(string retryOn, string failure, bool expected)
    {
        Assert.Equal(expected, Policy(retryOn).ShouldRetry(Enum.Parse<UpstreamFailure>(failure)));
    }

    [Fact]
    public void ShouldRetry_DefaultPolicy_RetriesConnectFailureButNot503OrPerTryTimeout()
    {
        using var unavailable = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        using var grpcUnavailable = new HttpResponseMessage(HttpStatusCode.OK);
        grpcUnavailable.Headers.TryAddWithoutValidation("grpc-status", "14");

        Assert.False(RetryPolicy.Default.ShouldRetry(unavailable));
        Assert.True(RetryPolicy.Default.ShouldRetry(grpcUnavailable));
        Assert.True(RetryPolicy.Default.ShouldRetry(UpstreamFailure.ConnectFailure));
        Assert.True(RetryPolicy.Default.ShouldRetry(UpstreamFailure.RefusedStream));
        Assert.False(RetryPolicy.Default.ShouldRetry(UpstreamFailure.PerTryTimeout));
        Assert.False(RetryPolicy.Default.ShouldRetry(UpstreamFailure.ConnectionTermination));
    }

    [Fact]
    public void BackoffInterval_DoublesFrom25MsAndCapsAt250Ms()
    {
        var policy = RetryPolicy.Default;

        Assert.Equal(
            [25, 50, 100, 200, 250, 250],
            Enumerable.Range(1, 6).Select(n => (int)policy.BackoffInterval(n).TotalMilliseconds));
    }

    [Fact]
    public void BackoffInterval_WithCustomBase_CapsAtTenTimesBase()
    {
        var policy = RetryPolicy.FromConfig(new HttpRetryConfig { Attempts = 6, Backoff = Duration.Parse("30ms") });

        Assert.Equal(
            [30, 60, 120, 240, 300, 300],
            Enumerable.Range(1, 6).Select(n => (int)policy.BackoffInterval(n).TotalMilliseconds));
    }

    [Theory]
    [InlineData(1, 0.0, 0)]
    [InlineData(1, 0.5, 12)]
    [InlineData(1, 0.9999, 24)]
    [InlineData(2, 0.9999, 49)]
    [InlineData(3, 0.5, 50)]
    [InlineData(4, 0.9999, 199)]
    [InlineData(5, 0.9999, 249)]
    [InlineData(9, 0.5, 125)]
    public void Backoff_IsFullJitterInWholeMilliseconds(int retry, double draw, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryPolicy.Default.Backoff(retry, draw));
    }

    private static RetryPolicy Policy(string retryOn) => RetryPolicy.FromConfig(new HttpRetryConfig { Attempts = 2, RetryOn = retryOn });
}
