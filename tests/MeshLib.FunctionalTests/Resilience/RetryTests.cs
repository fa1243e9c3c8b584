using System.Net;
using System.Text;
using MeshLib.FunctionalTests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace MeshLib.FunctionalTests.Resilience;

public sealed class RetryTests : IAsyncLifetime
{
    private const string ConnectFailurePrefix =
        "upstream connect error or disconnect/reset before headers. retried and the latest reset reason:";

    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        await ResilienceMesh.WarmUpAsync();
        _backend = await TestBackend.StartAsync("httpbin");
    }

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    private ResilienceMesh Mesh(string? routeFields = null, params int[] ports)
    {
        var registry = MeshYaml.ServiceEntry("httpbin", 8000, ports.Length == 0 ? [_backend.Port] : ports);
        return routeFields is null
            ? ResilienceMesh.Create(registry)
            : ResilienceMesh.Create(registry, MeshYaml.RouteTo("httpbin", routeFields));
    }

    [Fact]
    public async Task DefaultPolicy_DoesNotRetryA503Response()
    {
        using var mesh = Mesh();
        _backend.Handler = BackendHandlers.Status(503);

        var (status, body) = await mesh.GetTextAsync("http://httpbin:8000/get");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("backend 503", body);
        Assert.Single(_backend.Received);
    }

    [Fact]
    public async Task DefaultPolicy_RetriesAConnectFailure_ThenAnswers503WithTheResetReason()
    {
        using var mesh = Mesh(null, MeshYaml.ClosedPort());

        var (status, body) = await mesh.GetTextAsync("http://httpbin:8000/get");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith(ConnectFailurePrefix, body, StringComparison.Ordinal);
        Assert.Contains("remote connection failure", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultPolicy_WithOneDeadAndOneLiveEndpoint_EveryGetSucceeds()
    {
        // Retries prefer a host not yet tried, so a GET that first picks the dead endpoint is retried on the live one.
        using var mesh = Mesh(null, MeshYaml.ClosedPort(), _backend.Port);

        for (var i = 0; i < 20; i++)
        {
            using var response = await mesh.GetAsync("http://httpbin:8000/get");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(20, _backend.Received.Count);
    }

    [Fact]
    public async Task RetriesExhaustedOn5xx_ReturnsTheLastUpstreamResponse()
    {
        using var mesh = Mesh("""
            retries:
              attempts: 2
              retryOn: 5xx
            """);
        _backend.Handler = BackendHandlers.Status(500);

        var (status, body) = await mesh.GetTextAsync("http://httpbin:8000/get");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("backend 500", body);
        Assert.Equal(3, _backend.Received.Count);
    }

    [Theory]
    [InlineData(502, 2)]
    [InlineData(503, 2)]
    [InlineData(504, 2)]
    [InlineData(500, 1)]
    public async Task GatewayError_Retries502503504_ButNot500(int status, int expectedHits)
    {
        using var mesh = Mesh("""
            retries:
              attempts: 1
              retryOn: gateway-error
            """);
        _backend.Handler = BackendHandlers.FailFirst(1, status);

        using var response = await mesh.GetAsync("http://httpbin:8000/get");

        Assert.Equal(expectedHits == 2 ? HttpStatusCode.OK : (HttpStatusCode)status, response.StatusCode);
        Assert.Equal(expectedHits, _backend.Received.Count);
    }

    [Theory]
    [InlineData(503, 2)]
    [InlineData(502, 1)]
    public async Task NumericRetryOn_RetriesOnlyThoseStatusCodes(int status, int expectedHits)
    {
        using var mesh = Mesh("""
            retries:
              attempts: 2
              retryOn: "503"
            """);
        _backend.Handler = BackendHandlers.FailFirst(1, status);

        using var response = await mesh.GetAsync("http://httpbin:8000/get");

        Assert.Equal(expectedHits == 2 ? HttpStatusCode.OK : (HttpStatusCode)status, response.StatusCode);
        Assert.Equal(expectedHits, _backend.Received.Count);
    }

    [Fact]
    public async Task PostBody_IsReplayedIntactOnRetry()
    {
        using var mesh = Mesh("""
            retries:
              attempts: 2
              retryOn: 5xx
            """);
        var calls = 0;
        _backend.Handler = async context =>
        {
            if (Interlocked.Increment(ref calls) <= 2)
            {
                return await BackendHandlers.Status(503)(context);
            }

            // The body was read by the backend's recorder; echo what it saw.
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(_backend.Received.Last().Body);
            return true;
        };
        var payload = string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i};"));

        using var content = new StringContent(payload, Encoding.UTF8, "text/plain");
        using var response = await mesh.Client.PostAsync(new Uri("http://httpbin:8000/post"), content, ResilienceMesh.Bounded());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(payload, await response.Content.ReadAsStringAsync());
        var received = _backend.Received.ToArray();
        Assert.Equal(3, received.Length);
        Assert.All(received, r => Assert.Equal(payload, r.Body));
        Assert.Equal(["1", "2", "3"], received.Select(r => r.Headers["x-envoy-attempt-count"]).ToArray());
    }

    [Fact]
    public async Task RetriesExhaustedOnConnectFailure_WithAnExplicitPolicy_Answers503Retried()
    {
        using var mesh = Mesh(
            """
            retries:
              attempts: 3
              retryOn: connect-failure
            """,
            MeshYaml.ClosedPort(),
            MeshYaml.ClosedPort());

        var (status, body) = await mesh.GetTextAsync("http://httpbin:8000/get");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith(ConnectFailurePrefix, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectFailure_WithRetriesDisabled_Answers503NotRetried()
    {
        using var mesh = Mesh("retries: {attempts: 0}", MeshYaml.ClosedPort());

        var (status, body) = await mesh.GetTextAsync("http://httpbin:8000/get");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith("upstream connect error or disconnect/reset before headers. reset reason:", body, StringComparison.Ordinal);
    }
}
