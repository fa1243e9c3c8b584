using System.Net;
using MeshLib.FunctionalTests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace MeshLib.FunctionalTests.Resilience;

public sealed class OutlierDetectionTests : IAsyncLifetime
{
    private TestBackend _good = null!;
    private TestBackend _bad = null!;

    public async Task InitializeAsync()
    {
        await ResilienceMesh.WarmUpAsync();
        _good = await TestBackend.StartAsync("good");
        _bad = await TestBackend.StartAsync("bad");
        _bad.Handler = BackendHandlers.Status(500);
    }

    public async Task DisposeAsync()
    {
        await _good.DisposeAsync();
        await _bad.DisposeAsync();
    }

    private static string OutlierRule(string extra = "") => MeshYaml.DestinationRule("httpbin", $"""
        loadBalancer:
          simple: ROUND_ROBIN
        outlierDetection:
          consecutive5xxErrors: 1
          interval: 1s
          baseEjectionTime: 30s
          maxEjectionPercent: 100
        {extra}
        """);

    [Fact]
    public async Task AllEndpointsEjected_WithMinHealthPercent0_Answers503NoHealthyUpstream()
    {
        _good.Handler = BackendHandlers.Status(500);
        using var mesh = ResilienceMesh.Create(
            MeshYaml.ServiceEntry("httpbin", 8000, _good.Port, _bad.Port),
            OutlierRule("  minHealthPercent: 0"));

        // Round robin: the first two requests hit each endpoint once and eject it.
        for (var i = 0; i < 2; i++)
        {
            using var response = await mesh.GetAsync("http://httpbin:8000/get");
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            var (status, body) = await mesh.GetTextAsync("http://httpbin:8000/get");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("no healthy upstream", body);
        }

        Assert.Single(_good.Received);
        Assert.Single(_bad.Received);
    }

    [Fact]
    public async Task BackendKilledUnderLoad_IdempotentGetsKeepSucceeding()
    {
        var doomed = await TestBackend.StartAsync("doomed");
        await using var doomedLifetime = doomed.ConfigureAwait(false);
        using var mesh = ResilienceMesh.Create(
            MeshYaml.ServiceEntry("httpbin", 8000, _good.Port, doomed.Port),
            MeshYaml.DestinationRule("httpbin", """
                outlierDetection:
                  consecutive5xxErrors: 1
                  interval: 1s
                  baseEjectionTime: 30s
                  maxEjectionPercent: 50
                """));
        var failures = new List<string>();
        var total = 0;
        using var stop = new CancellationTokenSource();

        async Task Load()
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await mesh.GetAsync("http://httpbin:8000/get");
                Interlocked.Increment(ref total);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    lock (failures)
                    {
                        failures.Add($"{(int)response.StatusCode} {body}");
                    }
                }
            }
        }

        var load = Enumerable.Range(0, 2).Select(_ => Task.Run(Load)).ToArray();
        await Task.Delay(300);
        Assert.NotEmpty(doomed.Received);
        await doomed.DisposeAsync();
        await Task.Delay(700);
        stop.Cancel();
        await Task.WhenAll(load).WaitAsync(ResilienceMesh.CallBound);

        Assert.Empty(failures);
        Assert.True(total > 10, $"only {total} requests were sent");
        Assert.True(mesh.Cluster("httpbin").Outliers!.EjectedCount == 1, "the killed endpoint should be ejected");
    }

    [Fact]
    public async Task EjectionSurvivesAReloadThatLeavesTheClusterUnchanged()
    {
        var dir = Directory.CreateTempSubdirectory("meshlib-od-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "registry.yaml"), MeshYaml.ServiceEntry("httpbin", 8000, _good.Port, _bad.Port));
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "rule.yaml"), OutlierRule());
            var other = Path.Combine(dir.FullName, "other.yaml");
            await File.WriteAllTextAsync(other, OtherService(201));
            using var mesh = ResilienceMesh.Create((_, builder) => builder.AddYamlFile(dir.FullName, reloadOnChange: true));

            for (var i = 0; i < 4; i++)
            {
                using var response = await mesh.GetAsync("http://httpbin:8000/get");
            }

            Assert.Single(_bad.Received);
            Assert.Equal((HttpStatusCode)201, (await mesh.GetTextAsync("http://other:8000/")).Status);

            // Change an unrelated resource and wait until the new configuration is in force.
            await File.WriteAllTextAsync(other, OtherService(202));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            var status = HttpStatusCode.Created;
            while (status != (HttpStatusCode)202 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                status = (await mesh.GetTextAsync("http://other:8000/")).Status;
            }

            Assert.Equal((HttpStatusCode)202, status);
            for (var i = 0; i < 10; i++)
            {
                using var response = await mesh.GetAsync("http://httpbin:8000/get");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            Assert.Single(_bad.Received);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task EjectedEndpoint_GetsTrafficAgain_AfterTheEjectionTime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var mesh = ResilienceMesh.Create(
            (services, _) => services.AddSingleton<TimeProvider>(time),
            MeshYaml.ServiceEntry("httpbin", 8000, _good.Port, _bad.Port),
            OutlierRule());
        Assert.Same(time, mesh.Services.GetRequiredService<TimeProvider>());

        for (var i = 0; i < 10; i++)
        {
            using var response = await mesh.GetAsync("http://httpbin:8000/get");
        }

        Assert.Single(_bad.Received);

        // Still ejected just before the base ejection time.
        time.Advance(TimeSpan.FromSeconds(25));
        for (var i = 0; i < 6; i++)
        {
            using var response = await mesh.GetAsync("http://httpbin:8000/get");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Single(_bad.Received);

        // Past 30 s the next interval sweep brings it back (one sweep at a time, as the timer fires per interval).
        for (var i = 0; i < 7; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        for (var i = 0; i < 6; i++)
        {
            using var response = await mesh.GetAsync("http://httpbin:8000/get");
        }

        Assert.True(_bad.Received.Count >= 2, "the unejected endpoint should receive traffic again");
    }

    [Fact]
    public async Task RetryOn5xx_GoesToAnotherHost_SoEveryRequestSucceeds()
    {
        // No ejection here (consecutive5xxErrors 0 disables it): only the retry host predicate keeps the bad endpoint out.
        using var mesh = ResilienceMesh.Create(
            MeshYaml.ServiceEntry("httpbin", 8000, _good.Port, _bad.Port),
            MeshYaml.RouteTo("httpbin", """
                retries:
                  attempts: 1
                  retryOn: 5xx
                """),
            MeshYaml.DestinationRule("httpbin", """
                loadBalancer:
                  simple: ROUND_ROBIN
                outlierDetection:
                  consecutive5xxErrors: 0
                """));

        for (var i = 0; i < 20; i++)
        {
            using var response = await mesh.GetAsync("http://httpbin:8000/get");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(20, _good.Received.Count);
        Assert.InRange(_bad.Received.Count, 1, 20);
        Assert.All(_bad.Received, r => Assert.Equal("1", r.Headers["x-envoy-attempt-count"]));
    }

    [Fact]
    public async Task ARouteTimeout_CountsAsA5xxForOutlierDetection()
    {
        _bad.Handler = BackendHandlers.Delay(TimeSpan.FromSeconds(3));
        using var mesh = ResilienceMesh.Create(
            MeshYaml.ServiceEntry("httpbin", 8000, _good.Port, _bad.Port),
            MeshYaml.RouteTo("httpbin", "timeout: 1s"),
            OutlierRule());

        var timeouts = 0;
        for (var i = 0; i < 10; i++)
        {
            using var response = await mesh.GetAsync("http://httpbin:8000/get");
            if (response.StatusCode == HttpStatusCode.GatewayTimeout)
            {
                timeouts++;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        Assert.Equal(1, timeouts);
        Assert.Single(_bad.Received);
        Assert.Equal(1, mesh.Cluster("httpbin").Outliers!.EjectedCount);
    }

    private static string OtherService(int status) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: other
        spec:
          hosts: [other]
          http:
          - directResponse:
              status: {status}
        """;
}
