using MeshLib.Configuration;
using MeshLib.Configuration.DestinationRule;
using MeshLib.OutlierDetection;

namespace MeshLib.Tests.OutlierDetection;

public class OutlierDetectionPolicyTests
{
    [Fact]
    public void From_NullBlock_ReturnsNull()
    {
        Assert.Null(OutlierDetectionPolicy.From(null));
    }

    [Fact]
    public void From_EmptyBlock_AppliesIstioDefaults()
    {
        var policy = OutlierDetectionPolicy.From(new OutlierDetectionConfig())!;

        Assert.Equal(5u, policy.Consecutive5xxErrors);
        Assert.Equal(0u, policy.ConsecutiveGatewayErrors);
        Assert.False(policy.SplitExternalLocalOriginErrors);
        Assert.Equal(5u, policy.ConsecutiveLocalOriginFailures);
        Assert.Equal(TimeSpan.FromSeconds(10), policy.Interval);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.BaseEjectionTime);
        Assert.Equal(TimeSpan.FromSeconds(300), policy.MaxEjectionTime);
        Assert.Equal(10, policy.MaxEjectionPercent);
        Assert.Equal(0, policy.MinHealthPercent);
        Assert.Null(policy.HttpErrorCodes);
    }

    [Fact]
    public void From_ExplicitValues_AreCopied()
    {
        var policy = OutlierDetectionPolicy.From(new OutlierDetectionConfig
        {
            Consecutive5xxErrors = 0,
            ConsecutiveGatewayErrors = 3,
            SplitExternalLocalOriginErrors = true,
            ConsecutiveLocalOriginFailures = 7,
            Interval = Duration.Parse("1s"),
            BaseEjectionTime = Duration.Parse("3m"),
            MaxEjectionPercent = 100,
            MinHealthPercent = 25,
        })!;

        Assert.Equal(0u, policy.Consecutive5xxErrors);
        Assert.Equal(3u, policy.ConsecutiveGatewayErrors);
        Assert.True(policy.SplitExternalLocalOriginErrors);
        Assert.Equal(7u, policy.ConsecutiveLocalOriginFailures);
        Assert.Equal(TimeSpan.FromSeconds(1), policy.Interval);
        Assert.Equal(TimeSpan.FromMinutes(3), policy.BaseEjectionTime);
        Assert.Equal(TimeSpan.FromSeconds(300), policy.MaxEjectionTime);
        Assert.Equal(100, policy.MaxEjectionPercent);
        Assert.Equal(25, policy.MinHealthPercent);
    }

    [Fact]
    public void From_BaseEjectionTimeAbove300s_RaisesMaxEjectionTimeToBase()
    {
        var policy = OutlierDetectionPolicy.From(new OutlierDetectionConfig { BaseEjectionTime = Duration.Parse("10m") })!;

        Assert.Equal(TimeSpan.FromMinutes(10), policy.MaxEjectionTime);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(-5, 10)]
    [InlineData(150, 100)]
    [InlineData(50, 50)]
    public void From_MaxEjectionPercent_OnlyPositiveOverridesEnvoyDefault(int configured, int expected)
    {
        var policy = OutlierDetectionPolicy.From(new OutlierDetectionConfig { MaxEjectionPercent = configured })!;

        Assert.Equal(expected, policy.MaxEjectionPercent);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 50)]
    [InlineData(120, 100)]
    public void From_MinHealthPercent_FollowsIstioPanicThresholdMapping(int configured, int expected)
    {
        var policy = OutlierDetectionPolicy.From(new OutlierDetectionConfig { MinHealthPercent = configured })!;

        Assert.Equal(expected, policy.MinHealthPercent);
    }

    [Fact]
    public void From_SplitWithZeroLocalOriginFailures_KeepsEnvoyDefaultFive()
    {
        var policy = OutlierDetectionPolicy.From(new OutlierDetectionConfig
        {
            SplitExternalLocalOriginErrors = true,
            ConsecutiveLocalOriginFailures = 0,
        })!;

        Assert.Equal(5u, policy.ConsecutiveLocalOriginFailures);
    }

    [Fact]
    public void From_DeprecatedConsecutiveErrors_IsIgnoredAsCurrentPilotDoes()
    {
        var policy = OutlierDetectionPolicy.From(new OutlierDetectionConfig { ConsecutiveErrors = 1 })!;

        Assert.Equal(5u, policy.Consecutive5xxErrors);
        Assert.Equal(0u, policy.ConsecutiveGatewayErrors);
    }

    [Fact]
    public void From_ZeroDurations_FallBackToDefaults()
    {
        var policy = OutlierDetectionPolicy.From(new OutlierDetectionConfig
        {
            Interval = Duration.Zero,
            BaseEjectionTime = Duration.Zero,
        })!;

        Assert.Equal(TimeSpan.FromSeconds(10), policy.Interval);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.BaseEjectionTime);
    }

    [Fact]
    public void IsError_Default_IsAny5xx()
    {
        var policy = OutlierDetectionPolicy.From(new OutlierDetectionConfig())!;

        Assert.False(policy.IsError(200));
        Assert.False(policy.IsError(429));
        Assert.False(policy.IsError(499));
        Assert.True(policy.IsError(500));
        Assert.True(policy.IsError(503));
        Assert.True(policy.IsError(599));
        Assert.False(policy.IsError(600));
    }

    [Fact]
    public void IsError_CustomCodes_ReplaceThe5xxRule()
    {
        var policy = OutlierDetectionPolicy.From(new OutlierDetectionConfig
        {
            OutlierDetectionHttpErrorCodes = new EquatableList<uint>([503, 429, 503]),
        })!;

        Assert.Equal([429, 503], policy.HttpErrorCodes!);
        Assert.True(policy.IsError(429));
        Assert.True(policy.IsError(503));
        Assert.False(policy.IsError(500));
        Assert.False(policy.IsError(502));
        Assert.False(policy.IsError(200));
        Assert.False(policy.IsError(-1));
        Assert.False(policy.IsError(700));
    }

    [Fact]
    public void IsError_EmptyCodeList_MeansDefault()
    {
        var policy = OutlierDetectionPolicy.From(new OutlierDetectionConfig
        {
            OutlierDetectionHttpErrorCodes = new EquatableList<uint>([]),
        })!;

        Assert.Null(policy.HttpErrorCodes);
        Assert.True(policy.IsError(500));
    }

    [Fact]
    public void EjectionTime_IsBaseTimesMultiplier_CappedAtMax()
    {
        var policy = OutlierDetectionPolicy.From(new OutlierDetectionConfig())!;

        Assert.Equal(TimeSpan.FromSeconds(30), policy.EjectionTime(1));
        Assert.Equal(TimeSpan.FromSeconds(90), policy.EjectionTime(3));
        Assert.Equal(TimeSpan.FromSeconds(300), policy.EjectionTime(10));
        Assert.Equal(TimeSpan.FromSeconds(300), policy.EjectionTime(11));
    }

    [Fact]
    public void CanRaiseMultiplier_StopsOnceBaseTimesMultiplierReachesMaxPlusBase()
    {
        var policy = OutlierDetectionPolicy.From(new OutlierDetectionConfig())!;

        Assert.True(policy.CanRaiseMultiplier(0));
        Assert.True(policy.CanRaiseMultiplier(10));
        Assert.False(policy.CanRaiseMultiplier(11));
    }
}
