using System.Text.Json;
using MeshLib.FunctionalTests.TestSupport;
using Microsoft.Extensions.Configuration;

namespace MeshLib.FunctionalTests.Http;

/// <summary>The same routing from appsettings.json: <c>AddConfiguration(configuration.GetSection("Mesh"))</c>.</summary>
public sealed class AppSettingsTests(ReviewsBackends backends) : IClassFixture<ReviewsBackends>
{
    private const string Url = "http://reviews:9080/reviews/0";

    private static object Endpoint(TestBackend backend, string version) => new
    {
        address = "127.0.0.1",
        ports = new Dictionary<string, int> { ["http"] = backend.Port },
        labels = new Dictionary<string, string> { ["app"] = "reviews", ["version"] = version },
    };

    private string AppSettings(string jasonSubset, string defaultSubset) => JsonSerializer.Serialize(new
    {
        Logging = new { LogLevel = new { Default = "Warning" } },
        Mesh = new
        {
            Namespace = "default",
            Resources = new object[]
            {
                new
                {
                    apiVersion = "networking.istio.io/v1",
                    kind = "ServiceEntry",
                    metadata = new { name = "reviews" },
                    spec = new
                    {
                        hosts = new[] { "reviews" },
                        location = "MESH_INTERNAL",
                        resolution = "STATIC",
                        ports = new[] { new { number = 9080, name = "http", protocol = "HTTP" } },
                        endpoints = new[]
                        {
                            Endpoint(backends["reviews-v1"], "v1"),
                            Endpoint(backends["reviews-v2"], "v2"),
                            Endpoint(backends["reviews-v3"], "v3"),
                        },
                    },
                },
                new
                {
                    apiVersion = "networking.istio.io/v1",
                    kind = "DestinationRule",
                    metadata = new { name = "reviews" },
                    spec = new
                    {
                        host = "reviews",
                        subsets = new[] { "v1", "v2", "v3" }.Select(v => new { name = v, labels = new { version = v } }),
                    },
                },
                new
                {
                    apiVersion = "networking.istio.io/v1",
                    kind = "VirtualService",
                    metadata = new { name = "reviews" },
                    spec = new
                    {
                        hosts = new[] { "reviews" },
                        http = new object[]
                        {
                            new
                            {
                                match = new[] { new { headers = new Dictionary<string, object> { ["end-user"] = new { exact = "jason" } } } },
                                route = new[] { new { destination = new { host = "reviews", subset = jasonSubset } } },
                            },
                            new
                            {
                                route = new[] { new { destination = new { host = "reviews", subset = defaultSubset } } },
                            },
                        },
                    },
                },
            },
        },
    });

    [Fact]
    public async Task RoutesFromAnAppSettingsFile()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("appsettings.json", AppSettings("v2", "v3"));
        var configuration = new ConfigurationBuilder().AddJsonFile(path).Build();

        await using var mesh = MeshHarness.Create(m => m.AddConfiguration(configuration.GetSection("Mesh")));
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync(Url, ("end-user", "jason")));
        Assert.Equal("reviews-v3", await mesh.BackendOfAsync(Url));
        Assert.Equal("reviews-v3", await mesh.BackendOfAsync(Url, ("end-user", "bob")));
    }

    [Fact]
    public async Task AnAppSettingsChange_IsAppliedWithTheConfigurationReload()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("appsettings.json", AppSettings("v2", "v3"));
        var configuration = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: true).Build();

        await using var mesh = MeshHarness.Create(m => m.AddConfiguration(configuration.GetSection("Mesh")));
        Assert.Equal("reviews-v3", await mesh.BackendOfAsync(Url));

        directory.Write("appsettings.json", AppSettings("v2", "v1"));
        Assert.True(await Poll.UntilAsync(async () => await mesh.BackendOfAsync(Url) == "reviews-v1", TimeSpan.FromSeconds(10)), "the change was never applied");
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync(Url, ("end-user", "jason")));
    }
}
