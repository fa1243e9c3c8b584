using MeshLib.Timeouts;

namespace MeshLib.Tests.Timeouts;

public class RequestTimeoutsTests
{
    private static readonly TimeSpan S1 = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan S3 = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan S5 = TimeSpan.FromSeconds(5);

    [Fact]
    public void Resolve_RouteValues_AreKept()
    {
        Assert.Equal(new RequestTimeouts(S3, S1), RequestTimeouts.Resolve(S3, S1, default));
    }

    [Fact]
    public void Resolve_PerTryNotShorterThanGlobal_IsDropped()
    {
        Assert.Equal(new RequestTimeouts(S3, null), RequestTimeouts.Resolve(S3, S3, default));
        Assert.Equal(new RequestTimeouts(S3, null), RequestTimeouts.Resolve(S3, S5, default));
    }

    [Fact]
    public void Resolve_PerTryWithoutGlobal_IsKept()
    {
        Assert.Equal(new RequestTimeouts(null, S5), RequestTimeouts.Resolve(null, S5, default));
    }

    [Fact]
    public void Resolve_HeaderOverrides_ReplaceRouteValues()
    {
        Assert.Equal(new RequestTimeouts(S5, S3), RequestTimeouts.Resolve(S1, null, new TimeoutOverrides(S5, S3)));
    }

    [Fact]
    public void Resolve_HeaderGlobalShorterThanRoutePerTry_DropsPerTry()
    {
        Assert.Equal(new RequestTimeouts(S1, null), RequestTimeouts.Resolve(S5, S3, new TimeoutOverrides(S1, null)));
    }

    [Fact]
    public void Resolve_ZeroHeaders_DisableTimeouts()
    {
        Assert.Equal(new RequestTimeouts(null, null), RequestTimeouts.Resolve(S3, S1, new TimeoutOverrides(TimeSpan.Zero, TimeSpan.Zero)));
    }
}
