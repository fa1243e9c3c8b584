using MeshLib.Replies;

namespace MeshLib.Tests.Replies;

public class ResponseFlagsTextTests
{
    [Theory]
    [InlineData((int)ResponseFlags.None, "-")]
    [InlineData((int)ResponseFlags.NoHealthyUpstream, "UH")]
    [InlineData((int)ResponseFlags.UpstreamRequestTimeout, "UT")]
    [InlineData((int)ResponseFlags.LocalReset, "LR")]
    [InlineData((int)ResponseFlags.UpstreamRemoteReset, "UR")]
    [InlineData((int)ResponseFlags.UpstreamConnectionFailure, "UF")]
    [InlineData((int)ResponseFlags.UpstreamConnectionTermination, "UC")]
    [InlineData((int)ResponseFlags.UpstreamOverflow, "UO")]
    [InlineData((int)ResponseFlags.NoRoute, "NR")]
    [InlineData((int)ResponseFlags.DelayInjected, "DI")]
    [InlineData((int)ResponseFlags.FaultInjected, "FI")]
    [InlineData((int)ResponseFlags.UpstreamRetryLimitExceeded, "URX")]
    [InlineData((int)ResponseFlags.UpstreamProtocolError, "UPE")]
    [InlineData((int)ResponseFlags.NoClusterFound, "NC")]
    public void Format_SingleFlag_IsEnvoysShortCode(int flags, string expected) => Assert.Equal(expected, ResponseFlagsText.Format((ResponseFlags)flags));

    [Theory]
    [InlineData((int)(ResponseFlags.UpstreamConnectionFailure | ResponseFlags.UpstreamRetryLimitExceeded), "UF,URX")]
    [InlineData((int)(ResponseFlags.UpstreamRetryLimitExceeded | ResponseFlags.UpstreamRequestTimeout), "UT,URX")]
    [InlineData((int)(ResponseFlags.FaultInjected | ResponseFlags.DelayInjected), "DI,FI")]
    [InlineData((int)(ResponseFlags.DelayInjected | ResponseFlags.UpstreamRequestTimeout), "UT,DI")]
    [InlineData((int)(ResponseFlags.UpstreamOverflow | ResponseFlags.UpstreamConnectionFailure), "UF,UO")]
    [InlineData((int)(ResponseFlags.NoClusterFound | ResponseFlags.UpstreamProtocolError | ResponseFlags.NoHealthyUpstream), "UH,UPE,NC")]
    public void Format_SeveralFlags_JoinsInEnvoysOrder(int flags, string expected) => Assert.Equal(expected, ResponseFlagsText.Format((ResponseFlags)flags));

    [Fact]
    public void Format_EveryFlag_HasACode()
    {
        var all = Enum.GetValues<ResponseFlags>().Aggregate(ResponseFlags.None, (acc, flag) => acc | flag);

        Assert.Equal("UH,UT,LR,UR,UF,UC,UO,NR,DI,FI,URX,UPE,NC", ResponseFlagsText.Format(all));
    }

    [Fact]
    public void ResponseFlags_Combine()
    {
        var flags = ResponseFlags.UpstreamConnectionFailure | ResponseFlags.UpstreamRetryLimitExceeded;

        Assert.True(flags.HasFlag(ResponseFlags.UpstreamConnectionFailure));
        Assert.True(flags.HasFlag(ResponseFlags.UpstreamRetryLimitExceeded));
        Assert.False(flags.HasFlag(ResponseFlags.UpstreamOverflow));
    }
}
