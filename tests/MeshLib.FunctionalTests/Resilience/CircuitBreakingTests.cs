using System.Collections.Concurrent;
using System.Net;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Resilience;

public sealed class CircuitBreakingTests : IAsyncLifetime
{
    private const string OverflowBody = "upstream connect error or disconnect/reset before headers. reset reason: overflow";

    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        await ResilienceMesh.WarmUpAsync();
        _backend = await TestBackend.StartAsync("httpbin");
    }

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task WalkthroughDestinationRule_ThreeConcurrentCallers_MixOf200AndOverflow503_NeverRetried()
    {
        // The Istio circuit-breaking task's DestinationRule, with retries that would retry a 503 if overflow were retriable.
        using var mesh = ResilienceMesh.Create(
            ResilienceMesh.ServiceEntry("httpbin", _backend.Port),
            ResilienceMesh.VirtualService("httpbin", """
                retries:
                  attempts: 3
                  retryOn: 5xx,reset,connect-failure
                """),
            ResilienceMesh.DestinationRule("httpbin", """
                connectionPool:
                  tcp:
                    maxConnections: 1
                  http:
                    http1MaxPendingRequests: 1
                    maxRequestsPerConnection: 1
                """));
        _backend.Handler = ResilienceMesh.Delay(TimeSpan.FromMilliseconds(100));
        var results = new ConcurrentBag<(HttpStatusCode Status, string? Overloaded, string Body)>();
        var next = 0;

        async Task Caller()
        {
            while (Interlocked.Increment(ref next) <= 20)
            {
                using var response = await mesh.GetAsync("http://httpbin:8000/get");
                var overloaded = response.Headers.TryGetValues("x-envoy-overloaded", out var values) ? values.Single() : null;
                results.Add((response.StatusCode, overloaded, await response.Content.ReadAsStringAsync()));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(Caller)));

        Assert.Equal(20, results.Count);
        var ok = results.Count(r => r.Status == HttpStatusCode.OK);
        var overflows = results.Where(r => r.Status == HttpStatusCode.ServiceUnavailable).ToArray();
        Assert.Equal(20, ok + overflows.Length);
        Assert.True(ok > 0, "some requests should pass");
        Assert.NotEmpty(overflows);
        Assert.All(overflows, r =>
        {
            Assert.Equal("true", r.Overloaded);
            Assert.Equal(OverflowBody, r.Body);
        });
        Assert.All(results.Where(r => r.Status == HttpStatusCode.OK), r => Assert.Null(r.Overloaded));

        // Every attempt that reached the backend succeeded, and every overflow was one refused attempt, never retried.
        Assert.Equal(ok, _backend.Received.Count);
        Assert.Equal(overflows.Length, mesh.Cluster("httpbin").Limiter.PendingOverflows);
    }

    [Fact]
    public async Task Http2MaxRequests1_SecondConcurrentRequest_Gets503Immediately()
    {
        using var mesh = ResilienceMesh.Create(
            ResilienceMesh.ServiceEntry("httpbin", _backend.Port),
            ResilienceMesh.DestinationRule("httpbin", """
                connectionPool:
                  http:
                    http2MaxRequests: 1
                """));
        using var release = new SemaphoreSlim(0);
        using var arrived = new SemaphoreSlim(0);
        _backend.Handler = async context =>
        {
            if (context.Request.Path == "/first")
            {
                arrived.Release();
                await release.WaitAsync(context.RequestAborted);
            }

            return false;
        };

        var first = mesh.GetAsync("http://httpbin:8000/first");
        Assert.True(await arrived.WaitAsync(ResilienceMesh.CallBound), "the first request should reach the backend");

        // The first request is active and holds the only request slot: the second overflows without waiting.
        var (status, body) = await mesh.GetTextAsync("http://httpbin:8000/second");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(OverflowBody, body);

        release.Release();
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Single(_backend.Received);

        // With the slot free again, the next request passes.
        using var third = await mesh.GetAsync("http://httpbin:8000/third");
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task OverflowHeader_IsPresentOnEveryOverflow()
    {
        using var mesh = ResilienceMesh.Create(
            ResilienceMesh.ServiceEntry("httpbin", _backend.Port),
            ResilienceMesh.DestinationRule("httpbin", """
                connectionPool:
                  tcp:
                    maxConnections: 1
                  http:
                    http1MaxPendingRequests: 1
                """));
        using var release = new SemaphoreSlim(0);
        using var arrived = new SemaphoreSlim(0);
        _backend.Handler = async context =>
        {
            arrived.Release();
            await release.WaitAsync(context.RequestAborted);
            return false;
        };

        // One active (at the backend), one pending; every further concurrent request overflows.
        var active = mesh.GetAsync("http://httpbin:8000/active");
        Assert.True(await arrived.WaitAsync(ResilienceMesh.CallBound));
        var pending = mesh.GetAsync("http://httpbin:8000/pending");
        var cluster = mesh.Cluster("httpbin");
        var deadline = DateTime.UtcNow + ResilienceMesh.CallBound;
        while (cluster.Limiter.Pending == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, cluster.Limiter.Pending);
        for (var i = 0; i < 3; i++)
        {
            using var overflow = await mesh.GetAsync("http://httpbin:8000/overflow");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, overflow.StatusCode);
            Assert.Equal("true", overflow.Headers.GetValues("x-envoy-overloaded").Single());
            Assert.Equal(OverflowBody, await overflow.Content.ReadAsStringAsync());
        }

        release.Release(2);
        using var activeResponse = await active;
        using var pendingResponse = await pending;
        Assert.Equal(HttpStatusCode.OK, activeResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, pendingResponse.StatusCode);
        Assert.Equal(2, _backend.Received.Count);
    }

    [Fact]
    public async Task Overflow_IsNotCountedByOutlierDetection()
    {
        using var mesh = ResilienceMesh.Create(
            ResilienceMesh.ServiceEntry("httpbin", _backend.Port),
            ResilienceMesh.DestinationRule("httpbin", """
                connectionPool:
                  http:
                    http2MaxRequests: 1
                outlierDetection:
                  consecutive5xxErrors: 1
                  interval: 1s
                  baseEjectionTime: 30s
                  maxEjectionPercent: 100
                """));
        using var release = new SemaphoreSlim(0);
        using var arrived = new SemaphoreSlim(0);
        _backend.Handler = async context =>
        {
            if (context.Request.Path == "/hold")
            {
                arrived.Release();
                await release.WaitAsync(context.RequestAborted);
            }

            return false;
        };

        var held = mesh.GetAsync("http://httpbin:8000/hold");
        Assert.True(await arrived.WaitAsync(ResilienceMesh.CallBound));
        for (var i = 0; i < 3; i++)
        {
            using var overflow = await mesh.GetAsync("http://httpbin:8000/overflow");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, overflow.StatusCode);
        }

        release.Release();
        using (var heldResponse = await held)
        {
            Assert.Equal(HttpStatusCode.OK, heldResponse.StatusCode);
        }

        // Three overflow 503s with consecutive5xxErrors 1: the only endpoint is still in service.
        Assert.Equal(0, mesh.Cluster("httpbin").Outliers!.EjectedCount);
        using var after = await mesh.GetAsync("http://httpbin:8000/after");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task MaxRequestsPerConnection3_SequentialRequests_UseEachConnectionThreeTimes()
    {
        using var mesh = ResilienceMesh.Create(
            ResilienceMesh.ServiceEntry("httpbin", _backend.Port),
            ResilienceMesh.DestinationRule("httpbin", """
                connectionPool:
                  http:
                    maxRequestsPerConnection: 3
                """));
        var connections = RecordConnections();

        for (var i = 0; i < 7; i++)
        {
            using var response = await mesh.GetAsync($"http://httpbin:8000/get?i={i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The third request on a connection asks to close it; the seventh starts a third connection.
        var byConnection = connections.GroupBy(c => c.Connection).Select(g => g.Select(c => c.Close).ToArray()).ToArray();
        Assert.Equal(3, byConnection.Length);
        Assert.Equal([false, false, true], byConnection[0]);
        Assert.Equal([false, false, true], byConnection[1]);
        Assert.Equal([false], byConnection[2]);
    }

    [Fact]
    public async Task MaxRequestsPerConnection2_ConcurrentCallers_NoConnectionCarriesMore()
    {
        using var mesh = ResilienceMesh.Create(
            ResilienceMesh.ServiceEntry("httpbin", _backend.Port),
            ResilienceMesh.DestinationRule("httpbin", """
                connectionPool:
                  http:
                    maxRequestsPerConnection: 2
                """));
        var connections = RecordConnections(TimeSpan.FromMilliseconds(5));

        async Task Caller(int caller)
        {
            for (var i = 0; i < 10; i++)
            {
                using var response = await mesh.GetAsync($"http://httpbin:8000/get?caller={caller}&i={i}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(caller => Task.Run(() => Caller(caller))));

        Assert.Equal(40, connections.Count);
        var perConnection = connections.GroupBy(c => c.Connection).Select(g => g.Count()).ToArray();
        Assert.All(perConnection, count => Assert.InRange(count, 1, 2));
        Assert.InRange(perConnection.Length, 20, 24); // lanes started concurrently at the very end may stay half used
    }

    // Records, per request, the backend connection it arrived on and whether it asked to close it.
    private ConcurrentQueue<(string Connection, bool Close)> RecordConnections(TimeSpan? delay = null)
    {
        var connections = new ConcurrentQueue<(string Connection, bool Close)>();
        _backend.Handler = async context =>
        {
            var close = string.Equals(context.Request.Headers.Connection.ToString(), "close", StringComparison.OrdinalIgnoreCase);
            connections.Enqueue((context.Connection.Id, close));
            if (delay is { } wait)
            {
                await Task.Delay(wait, context.RequestAborted);
            }

            return false;
        };
        return connections;
    }
}
