using MeshLib.OutlierDetection;

namespace MeshLib.Tests.OutlierDetection;

public class AttemptResultTests
{
    [Theory]
    [InlineData(0, 200)]
    [InlineData(1, 499)]
    [InlineData(2, 500)]
    [InlineData(4, 504)]
    [InlineData(8, 429)]
    [InlineData(12, 501)]
    [InlineData(13, 500)]
    [InlineData(14, 503)]
    [InlineData(15, 500)]
    [InlineData(16, 401)]
    [InlineData(99, 500)]
    public void GrpcResponse_MapsGrpcStatusToHttpAsEnvoy(int grpcStatus, int expectedHttp)
    {
        var result = AttemptResult.GrpcResponse(grpcStatus);

        Assert.Equal(AttemptResultKind.Response, result.Kind);
        Assert.Equal(expectedHttp, result.StatusCode);
    }

    [Fact]
    public void LocalOriginKinds_AreLocalOrigin()
    {
        Assert.False(AttemptResult.Response(503).IsLocalOrigin);
        Assert.True(AttemptResult.ConnectFailure.IsLocalOrigin);
        Assert.True(AttemptResult.ConnectTimeout.IsLocalOrigin);
        Assert.True(AttemptResult.Reset.IsLocalOrigin);
        Assert.True(AttemptResult.Timeout.IsLocalOrigin);
        Assert.True(AttemptResult.ConnectSuccess.IsLocalOrigin);
    }
}
