using System.Net;
using MeshLib.FunctionalTests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace MeshLib.FunctionalTests.Http;

/// <summary>
/// Locality load balancing: with outlier detection on, traffic stays in the client's zone and fails over when it is
/// ejected; <c>distribute</c> weights the localities and starves the ones it does not name.
/// </summary>
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

    [Fact]
    public async Task Distribute_SendsEachLocalityItsShare()
    {
        // 75/25 by locality (weights 7,500 and 2,500 at full health), round robin inside each: 25 draws below 7,500, 15 above.
        var random = new ScriptedRandomSource().ScriptUInt64([.. Enumerable.Repeat(7_499UL, 25), .. Enumerable.Repeat(7_500UL, 15)]);
        await using var mesh = MeshHarness.Create(
            mesh => mesh.AddYaml(Yaml("localityLbSetting: {distribute: [{from: us-east/*, to: {us-east/zone-a/*: 75, eu-west/*: 25}}]}"))
                .Configure(o => o.Locality = "us-east/zone-a/sub"),
            random);

        var counts = await mesh.CountBackendsAsync("http://reviews:9080/", 40);

        Assert.Equal(25, counts.GetValueOrDefault("local"));
        Assert.Equal(15, counts.GetValueOrDefault("remote"));
    }

    [Fact]
    public async Task Distribute_LocalityNotNamed_GetsNothing_EvenWhenTheNamedOneIsEjected()
    {
        await using var mesh = MeshHarness.Create(mesh => mesh
            .AddYaml(Yaml("localityLbSetting: {distribute: [{from: us-east/*, to: {eu-west/*: 100}}]}"))
            .Configure(o => o.Locality = "us-east/zone-a/sub"));
        Assert.Equal(10, (await mesh.CountBackendsAsync("http://reviews:9080/", 10)).GetValueOrDefault("remote"));

        _remote.Handler = async context =>
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("broken");
            return true;
        };
        using (var failed = await mesh.GetAsync("http://reviews:9080/"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        using var none = await mesh.GetAsync("http://reviews:9080/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, none.StatusCode);
        Assert.Equal("no healthy upstream", await none.Content.ReadAsStringAsync());
        Assert.Empty(_local.Received);
    }

    [Fact]
    public async Task Distribute_ForAnotherClientLocality_SpreadsOverEveryZone()
    {
        await using var mesh = MeshHarness.Create(mesh => mesh
            .AddYaml(Yaml("localityLbSetting: {distribute: [{from: eu-west/*, to: {eu-west/*: 100}}]}"))
            .Configure(o => o.Locality = "us-east/zone-a/sub"));

        var counts = await mesh.CountBackendsAsync("http://reviews:9080/", 10);

        Assert.Equal(5, counts.GetValueOrDefault("local"));
        Assert.Equal(5, counts.GetValueOrDefault("remote"));
    }
}
