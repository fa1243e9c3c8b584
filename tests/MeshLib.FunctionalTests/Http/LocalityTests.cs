using System.Net;
using MeshLib.FunctionalTests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace MeshLib.FunctionalTests.Http;

/// <summary>Locality failover: with outlier detection on, traffic stays in the client's zone and fails over when it is ejected.</summary>
public sealed class LocalityTests : IAsyncLifetime
{
    private TestBackend _local = null!;
    private TestBackend _remote = null!;

    public async Task InitializeAsync()
    {
        _local = await TestBackend.StartAsync("local");
        _remote = await TestBackend.StartAsync("remote");
    }

    public async Task DisposeAsync()
    {
        await _local.DisposeAsync();
        await _remote.DisposeAsync();
    }

    private string Yaml(string localityLbSetting) => $$$"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          location: MESH_INTERNAL
          resolution: STATIC
          ports: [{number: 9080, name: http, protocol: HTTP}]
          endpoints:
          - {address: 127.0.0.1, ports: {http: {{{_local.Port}}}}, locality: us-east/zone-a, labels: {app: reviews}}
          - {address: 127.0.0.1, ports: {http: {{{_remote.Port}}}}, locality: eu-west/zone-b, labels: {app: reviews}}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews}
        spec:
          host: reviews
          trafficPolicy:
            loadBalancer:
              simple: ROUND_ROBIN
              {{{localityLbSetting}}}
            outlierDetection: {consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 3m, maxEjectionPercent: 100}
        """;

    private MeshHarness Harness(string localityLbSetting = "localityLbSetting: {enabled: true}") =>
        MeshHarness.Create(mesh => mesh.AddYaml(Yaml(localityLbSetting)).Configure(o => o.Locality = "us-east/zone-a/sub"));

    [Fact]
    public async Task SameZoneTakesAllTraffic_ThenFailsOverWhenEjected()
    {
        await using var mesh = Harness();
        var counts = await mesh.CountBackendsAsync("http://reviews:9080/", 10);
        Assert.Equal(10, counts.GetValueOrDefault("local"));

        _local.Handler = async context =>
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("broken");
            return true;
        };
        using (var failed = await mesh.GetAsync("http://reviews:9080/"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        counts = await mesh.CountBackendsAsync("http://reviews:9080/", 10);
        Assert.Equal(10, counts.GetValueOrDefault("remote"));
    }

    [Fact]
    public async Task DisabledLocalitySetting_SpreadsOverEveryZone()
    {
        await using var mesh = Harness("localityLbSetting: {enabled: false}");
        var counts = await mesh.CountBackendsAsync("http://reviews:9080/", 10);
        Assert.Equal(5, counts.GetValueOrDefault("local"));
        Assert.Equal(5, counts.GetValueOrDefault("remote"));
    }
}
