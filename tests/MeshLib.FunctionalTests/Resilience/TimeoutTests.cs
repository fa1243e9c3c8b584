using System.Net;
using MeshLib.FunctionalTests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib.FunctionalTests.Resilience;

public sealed class TimeoutTests : IAsyncLifetime
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

    [Fact]
    public async Task RouteTimeout_CoversAllRetries()
    {
        // Each attempt fails fast with 503 and is retried with at least 100 ms back-off; the 300 ms route timeout
        // ends the request long before 50 retries could run, with 504.
        using var mesh = Mesh("""
            timeout: 300ms
            retries:
              attempts: 50
              retryOn: 5xx
              backoff: 100ms
            """);
        _backend.Handler = BackendHandlers.Status(503);

        var (status, body) = await mesh.GetTextAsync("http://httpbin:8000/flaky");

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal("upstream request timeout", body);
        Assert.InRange(_backend.Received.Count, 1, 49);
    }

    [Fact]
    public async Task PerTryTimeout_WithRetryOn5xx_RetriesTheAttempt()
    {
        // The backend stalls the first attempt by its attempt count, not by arrival order: on a cold machine the
        // first attempt can reach the handler after the second one.
        using var mesh = Mesh("""
            retries:
              attempts: 1
              perTryTimeout: 1s
              retryOn: 5xx,reset
            """);
        var stall = BackendHandlers.Delay(TimeSpan.FromSeconds(5));
        _backend.Handler = async context =>
            context.Request.Headers["x-envoy-attempt-count"] == "1" && await stall(context);

        using var response = await mesh.GetAsync("http://httpbin:8000/get");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var attempts = _backend.Received.Select(r => r.Headers["x-envoy-attempt-count"]).Order().ToArray();
        Assert.Equal(["1", "2"], attempts);
    }

    [Fact]
    public async Task PerTryTimeout_Exhausted_Answers504()
    {
        using var mesh = Mesh("""
            retries:
              attempts: 1
              perTryTimeout: 150ms
              retryOn: reset
            """);
        _backend.Handler = BackendHandlers.Delay(TimeSpan.FromSeconds(3));

        var (status, body) = await mesh.GetTextAsync("http://httpbin:8000/get");

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal("upstream request timeout", body);
        Assert.Equal(2, _backend.Received.Count);
    }

    [Fact]
    public async Task ExpectedTimeoutHeader_IsSentUpstream_OnlyWhenATimeoutApplies()
    {
        using (var timed = Mesh("timeout: 5s"))
        {
            using var response = await timed.GetAsync("http://httpbin:8000/get");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var untimed = Mesh("retries: {attempts: 2}"))
        {
            using var response = await untimed.GetAsync("http://httpbin:8000/get");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var received = _backend.Received.ToArray();
        Assert.Equal(2, received.Length);
        var expected = long.Parse(received[0].Headers["x-envoy-expected-rq-timeout-ms"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expected, 4000, 5000);
        Assert.False(received[1].Headers.ContainsKey("x-envoy-expected-rq-timeout-ms"));
    }

    [Fact]
    public async Task HttpClientTimeout_DoesNotCutAMeshTimeoutShort()
    {
        // The application asks for a 500 ms HttpClient timeout; AddMesh makes the client's timeout infinite, so
        // the route's 5 s timeout governs and a 1.5 s answer comes through.
        var services = new ServiceCollection();
        services.AddMesh()
            .AddYaml(MeshYaml.ServiceEntry("httpbin", 8000, _backend.Port))
            .AddYaml(MeshYaml.RouteTo("httpbin", "timeout: 5s"));
        services.AddHttpClient("short", c => c.Timeout = TimeSpan.FromMilliseconds(500)).AddMesh();
        using var provider = services.BuildServiceProvider();
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("short");
        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);
        _backend.Handler = BackendHandlers.Delay(TimeSpan.FromMilliseconds(1500));

        using var response = await client.GetAsync(new Uri("http://httpbin:8000/slowish"), ResilienceMesh.Bounded());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_backend.Received);
    }

    [Fact]
    public async Task PerTryTimeout_WithTheDefaultRetryOn_IsNotRetried()
    {
        // Istio's default retryOn (connect-failure, refused-stream, unavailable, cancelled) does not cover a per-try timeout.
        using var mesh = Mesh("""
            retries:
              attempts: 2
              perTryTimeout: 150ms
            """);
        _backend.Handler = BackendHandlers.Delay(TimeSpan.FromSeconds(3));

        var (status, body) = await mesh.GetTextAsync("http://httpbin:8000/get");

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal("upstream request timeout", body);
        Assert.Single(_backend.Received);
    }

    [Fact]
    public async Task CallerPerTryTimeoutHeader_IsHonoured_AndNotForwarded()
    {
        using var mesh = Mesh("""
            retries:
              attempts: 1
              retryOn: reset
            """);
        _backend.Handler = BackendHandlers.Delay(TimeSpan.FromSeconds(3));
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://httpbin:8000/slow");
        request.Headers.Add("x-envoy-upstream-rq-per-try-timeout-ms", "150");

        using var response = await mesh.Client.SendAsync(request, ResilienceMesh.Bounded());

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var received = _backend.Received.ToArray();
        Assert.Equal(2, received.Length);
        Assert.All(received, r => Assert.False(r.Headers.ContainsKey("x-envoy-upstream-rq-per-try-timeout-ms")));
        Assert.All(received, r => Assert.InRange(long.Parse(r.Headers["x-envoy-expected-rq-timeout-ms"], System.Globalization.CultureInfo.InvariantCulture), 1, 150));
    }

    [Fact]
    public async Task RouteTimeout_OnAGrpcRequest_Answers200WithGrpcStatusUnavailable()
    {
        using var mesh = Mesh("timeout: 200ms");
        _backend.Handler = BackendHandlers.Delay(TimeSpan.FromSeconds(2));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://httpbin:8000/helloworld.Greeter/SayHello")
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");

        using var response = await mesh.Client.SendAsync(request, ResilienceMesh.Bounded());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("14", response.Headers.GetValues("grpc-status").Single());
        Assert.Equal("upstream request timeout", response.Headers.GetValues("grpc-message").Single());
    }

    [Fact]
    public async Task CallerCancellation_SurfacesAsCancellation_NotAs504()
    {
        using var mesh = Mesh("""
            timeout: 10s
            retries:
              attempts: 2
              retryOn: 5xx,reset
            """);
        _backend.Handler = BackendHandlers.Delay(TimeSpan.FromSeconds(5));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => mesh.Client.GetAsync(new Uri("http://httpbin:8000/slow"), cts.Token));

        Assert.Single(_backend.Received);
    }
}
