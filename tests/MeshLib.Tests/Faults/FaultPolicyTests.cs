using MeshLib.Configuration;
using MeshLib.Configuration.VirtualService;
using MeshLib.Faults;

namespace MeshLib.Tests.Faults;

public class FaultPolicyTests
{
    [Fact]
    public void FromConfig_Null_IsNoFault()
    {
        Assert.Null(FaultPolicy.FromConfig(null));
    }

    [Fact]
    public void FromConfig_DelayWithoutAnyPercentage_NeverFires()
    {
        var config = new HttpFaultInjectionConfig { Delay = new DelayConfig { FixedDelay = Duration.Parse("5s") } };

        Assert.Null(FaultPolicy.FromConfig(config));
    }

    [Fact]
    public void FromConfig_AbortWithoutPercentage_NeverFires()
    {
        var config = new HttpFaultInjectionConfig { Abort = new AbortConfig { HttpStatus = 503 } };

        Assert.Null(FaultPolicy.FromConfig(config));
    }

    [Fact]
    public void FromConfig_ZeroPercentages_NeverFire()
    {
        var config = new HttpFaultInjectionConfig
        {
            Delay = new DelayConfig { FixedDelay = Duration.Parse("5s"), Percentage = new PercentConfig { Value = 0 } },
            Abort = new AbortConfig { HttpStatus = 503, Percentage = new PercentConfig() },
        };

        Assert.Null(FaultPolicy.FromConfig(config));
    }

    [Fact]
    public void FromConfig_Delay_UsesPercentageBeforeDeprecatedPercent()
    {
        var policy = FaultPolicy.FromConfig(new HttpFaultInjectionConfig
        {
            Delay = new DelayConfig { FixedDelay = Duration.Parse("7s"), Percentage = new PercentConfig { Value = 12.5 }, Percent = 90 },
        });

        Assert.NotNull(policy);
        Assert.Equal(TimeSpan.FromSeconds(7), policy.Delay);
        Assert.Equal(0.125, policy.DelayProbability);
        Assert.True(policy.HasDelay);
        Assert.False(policy.HasAbort);
    }

    [Fact]
    public void FromConfig_Delay_FallsBackToDeprecatedPercent()
    {
        var policy = FaultPolicy.FromConfig(new HttpFaultInjectionConfig
        {
            Delay = new DelayConfig { FixedDelay = Duration.Parse("1s"), Percent = 30 },
        });

        Assert.Equal(0.3, policy!.DelayProbability);
    }

    [Fact]
    public void FromConfig_ExponentialDelayOnly_IsDropped()
    {
        var config = new HttpFaultInjectionConfig
        {
            Delay = new DelayConfig { ExponentialDelay = Duration.Parse("1s"), Percentage = new PercentConfig { Value = 100 } },
        };

        Assert.Null(FaultPolicy.FromConfig(config));
    }

    [Fact]
    public void FromConfig_GrpcStatusAbort_Is200WithGrpcCode()
    {
        var policy = FaultPolicy.FromConfig(new HttpFaultInjectionConfig
        {
            Abort = new AbortConfig { GrpcStatus = "UNAVAILABLE", Percentage = new PercentConfig { Value = 100 } },
        });

        Assert.Equal(200, policy!.AbortHttpStatus);
        Assert.Equal(14, policy.AbortGrpcStatus);
        Assert.Equal(1.0, policy.AbortProbability);
    }

    [Fact]
    public void FromConfig_Http2ErrorAbort_IsUnsupportedAndDropped()
    {
        var config = new HttpFaultInjectionConfig
        {
            Abort = new AbortConfig { Http2Error = "REFUSED_STREAM", Percentage = new PercentConfig { Value = 100 } },
        };

        Assert.Null(FaultPolicy.FromConfig(config));
    }

    [Theory]
    [InlineData(100, 1.0)]
    [InlineData(50, 0.5)]
    [InlineData(0.1, 0.001)]
    [InlineData(0.0001, 0.000001)]
    [InlineData(0.00015, 0.000001)]
    [InlineData(0.00009, 0)]
    [InlineData(33.33333333, 0.333333)]
    public void Probability_IsTruncatedToPerMillion(double percent, double expected)
    {
        Assert.Equal(expected, FaultPolicy.Probability(new PercentConfig { Value = percent }), 12);
    }

    [Fact]
    public async Task CreateAbortResponse_HttpStatus()
    {
        var policy = FaultPolicy.FromConfig(new HttpFaultInjectionConfig
        {
            Abort = new AbortConfig { HttpStatus = 418, Percentage = new PercentConfig { Value = 1 } },
        });

        using var response = policy!.CreateAbortResponse(grpcRequest: false);

        Assert.Equal(418, (int)response.StatusCode);
        Assert.Equal("fault filter abort", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void CreateAbortResponse_HttpStatusOnGrpcRequest_MapsToGrpcStatus()
    {
        var policy = FaultPolicy.FromConfig(new HttpFaultInjectionConfig
        {
            Abort = new AbortConfig { HttpStatus = 503, Percentage = new PercentConfig { Value = 1 } },
        });

        using var response = policy!.CreateAbortResponse(grpcRequest: true);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("14", Assert.Single(response.Headers.GetValues("grpc-status")));
        Assert.Equal("fault filter abort", Assert.Single(response.Headers.GetValues("grpc-message")));
    }

    [Theory]
    [InlineData("OK", 0)]
    [InlineData("CANCELLED", 1)]
    [InlineData("DEADLINE_EXCEEDED", 4)]
    [InlineData("RESOURCE_EXHAUSTED", 8)]
    [InlineData("INTERNAL", 13)]
    [InlineData("UNAVAILABLE", 14)]
    [InlineData("UNAUTHENTICATED", 16)]
    public void GrpcStatusNames_KnownNames(string name, int code)
    {
        Assert.True(GrpcStatusNames.TryParse(name, out var parsed));
        Assert.Equal(code, parsed);
    }

    [Theory]
    [InlineData("unavailable")]
    [InlineData("NOPE")]
    [InlineData("17")]
    [InlineData(null)]
    public void GrpcStatusNames_UnknownNames(string? name)
    {
        Assert.False(GrpcStatusNames.TryParse(name, out _));
    }
}
