using MeshLib.Timeouts;

namespace MeshLib.Tests.Timeouts;

public class ExpectedRequestTimeoutTests
{
    [Theory]
    [InlineData(null, null, 0, null)]
    [InlineData(3000, null, 0, 3000L)]
    [InlineData(3000, null, 1200, 1800L)]
    [InlineData(3000, 1000, 0, 1000L)]
    [InlineData(3000, 1000, 2500, 500L)]
    [InlineData(3000, null, 3000, 1L)]
    [InlineData(3000, null, 4000, 1L)]
    [InlineData(null, 700, 5000, 700L)]
    public void Milliseconds_IsPerTryElseGlobalCappedByGlobalLeft(int? globalMs, int? perTryMs, int elapsedMs, long? expected)
    {
        var timeouts = new RequestTimeouts(
            globalMs is { } g ? TimeSpan.FromMilliseconds(g) : null,
            perTryMs is { } p ? TimeSpan.FromMilliseconds(p) : null);

        Assert.Equal(expected, ExpectedRequestTimeout.Milliseconds(timeouts, TimeSpan.FromMilliseconds(elapsedMs)));
    }

    [Fact]
    public void Text_IsTheDecimalValue_SharedWhileItRepeats()
    {
        Assert.Same(ExpectedRequestTimeout.Text(3000), ExpectedRequestTimeout.Text(3000));
        for (long ms = 0; ms < 5000; ms += 7)
        {
            Assert.Equal(ms.ToString(System.Globalization.CultureInfo.InvariantCulture), ExpectedRequestTimeout.Text(ms));
        }

        Assert.Equal("2147483647", ExpectedRequestTimeout.Text(int.MaxValue));
    }
}
