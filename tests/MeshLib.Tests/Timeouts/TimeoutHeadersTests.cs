using MeshLib.Timeouts;

namespace MeshLib.Tests.Timeouts;

public class TimeoutHeadersTests
{
    [Fact]
    public void ReadAndStrip_ReadsBothHeadersAndRemovesEnvoyTimeoutHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://reviews:9080/");
        request.Headers.TryAddWithoutValidation("x-envoy-upstream-rq-timeout-ms", "2500");
        request.Headers.TryAddWithoutValidation("x-envoy-upstream-rq-per-try-timeout-ms", "500");
        request.Headers.TryAddWithoutValidation("x-envoy-expected-rq-timeout-ms", "10");
        request.Headers.TryAddWithoutValidation("x-other", "kept");

        var overrides = TimeoutHeaders.ReadAndStrip(request.Headers);

        Assert.Equal(new TimeoutOverrides(TimeSpan.FromMilliseconds(2500), TimeSpan.FromMilliseconds(500)), overrides);
        Assert.Equal(["x-other"], request.Headers.Select(h => h.Key));
    }

    [Fact]
    public void ReadAndStrip_InvalidValue_IsIgnoredButStripped()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://reviews:9080/");
        request.Headers.TryAddWithoutValidation("x-envoy-upstream-rq-timeout-ms", "1.5s");

        var overrides = TimeoutHeaders.ReadAndStrip(request.Headers);

        Assert.False(overrides.Any);
        Assert.Empty(request.Headers);
    }

    [Fact]
    public void ReadAndStrip_NotHonoured_StripsWithoutReading()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://reviews:9080/");
        request.Headers.TryAddWithoutValidation("x-envoy-upstream-rq-timeout-ms", "100");

        var overrides = TimeoutHeaders.ReadAndStrip(request.Headers, honour: false);

        Assert.False(overrides.Any);
        Assert.Empty(request.Headers);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("250", 250L)]
    [InlineData(" 250 ", 250L)]
    [InlineData("99999999999", 2147483647L)]
    public void TryParseMilliseconds_Valid(string value, long expectedMs)
    {
        Assert.True(TimeoutHeaders.TryParseMilliseconds(value, out var timeout));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), timeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("10ms")]
    [InlineData(null)]
    public void TryParseMilliseconds_Invalid(string? value)
    {
        Assert.False(TimeoutHeaders.TryParseMilliseconds(value, out _));
    }
}
