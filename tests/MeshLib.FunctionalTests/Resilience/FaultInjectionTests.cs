using System.Net;
using System.Net.Http.Headers;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Resilience;

public sealed class FaultInjectionTests : IAsyncLifetime
{
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        await ResilienceMesh.WarmUpAsync();
        _backend = await TestBackend.StartAsync("httpbin");
    }

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    private ResilienceMesh Mesh(string routeFields) =>
        ResilienceMesh.Create(MeshYaml.ServiceEntry("httpbin", 8000, _backend.Port), MeshYaml.RouteTo("httpbin", routeFields));

    [Theory]
    [InlineData("percentage: {value: 0}")]
    [InlineData("")]
    public async Task AbortWithZeroOrMissingPercentage_NeverFires(string percentage)
    {
        using var mesh = Mesh($"""
            fault:
              abort:
                httpStatus: 500
                {percentage}
              delay:
                fixedDelay: 10s
                {percentage}
            """);

        for (var i = 0; i < 10; i++)
        {
            using var response = await mesh.GetAsync("http://httpbin:8000/get");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(10, _backend.Received.Count);
    }

    [Fact]
    public async Task GrpcStatusAbort_OnAGrpcRequest_Answers200WithGrpcStatus()
    {
        using var mesh = Mesh("""
            fault:
              abort:
                grpcStatus: UNAVAILABLE
                percentage: {value: 100}
            """);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://httpbin:8000/helloworld.Greeter/SayHello")
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");

        using var response = await mesh.Client.SendAsync(request, ResilienceMesh.Bounded());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("14", GrpcHeader(response, "grpc-status"));
        Assert.Equal("fault filter abort", GrpcHeader(response, "grpc-message"));
        Assert.Empty(_backend.Received);
    }

    [Fact]
    public async Task HttpStatusAbort_OnAGrpcRequest_BecomesTheMappedGrpcStatus()
    {
        using var mesh = Mesh("""
            fault:
              abort:
                httpStatus: 503
                percentage: {value: 100}
            """);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://httpbin:8000/helloworld.Greeter/SayHello")
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");

        using var response = await mesh.Client.SendAsync(request, ResilienceMesh.Bounded());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("14", GrpcHeader(response, "grpc-status"));
        Assert.Empty(_backend.Received);
    }

    private static string? GrpcHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single()
        : response.TrailingHeaders.TryGetValues(name, out values) ? values.Single()
        : null;
}
