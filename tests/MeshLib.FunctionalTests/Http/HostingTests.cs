using MeshLib.Configuration.Diagnostics;
using MeshLib.FunctionalTests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshLib.FunctionalTests.Http;

/// <summary>With or without a generic host: lazy loading on first use, and a bad initial configuration failing the start.</summary>
public sealed class HostingTests(ReviewsBackends backends) : IClassFixture<ReviewsBackends>
{
    private const string Url = "http://reviews:9080/reviews/0";

    private static string RouteTo(string subset) => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {host: reviews, subset: {{subset}}}
        """;

    private string Configuration(string subset) => backends.Registry + "---\n" + ReviewsBackends.Subsets() + "---\n" + RouteTo(subset);

    [Fact]
    public async Task WithoutAHost_TheConfigurationLoadsOnFirstUse()
    {
        using var directory = new TempDirectory();
        var path = directory.File("mesh.yaml");

        // The file does not exist yet when the provider and the client are built: nothing is read until the first request.
        await using var mesh = MeshHarness.Create(m => m.AddYamlFile(path));
        directory.Write("mesh.yaml", Configuration("v2"));
        Assert.Equal("reviews-v2", await mesh.BackendOfAsync(Url));
    }

    [Fact]
    public async Task WithoutAHost_ABadConfigurationFailsTheFirstRequest_WithFileAndLine()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("mesh.yaml", Configuration("v2").Replace("subset: v2}", "subset: v2, weight: x}", StringComparison.Ordinal));
        await using var mesh = MeshHarness.Create(m => m.AddYamlFile(path));

        var exception = await Assert.ThrowsAsync<MeshConfigurationException>(() => mesh.GetAsync(Url));
        Assert.Contains(exception.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Location?.File == path && d.Location.Line > 0);
        Assert.Contains($"{path}:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAHost_ABadInitialConfigurationFailsStartAsync_WithFileAndLine()
    {
        using var directory = new TempDirectory();
        var bad = Configuration("v2").Replace("hosts: [reviews]\n  http:", "hosts: [reviews]\n  htttp:", StringComparison.Ordinal);
        var path = directory.Write("mesh.yaml", bad);
        var line = Array.FindIndex(bad.Split('\n'), l => l.Contains("htttp", StringComparison.Ordinal)) + 1;
        Assert.True(line > 0);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMesh().AddYamlFile(path);
        builder.Services.AddHttpClient("mesh").AddMesh();
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<MeshConfigurationException>(() => host.StartAsync());
        Assert.Contains($"{path}:{line}:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAHost_AGoodConfigurationLoadsAtStart()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("mesh.yaml", Configuration("v3"));

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMesh().AddYamlFile(path);
        builder.Services.AddHttpClient("mesh").AddMesh();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            // Loaded at start: removing the file now does not matter (no reloadOnChange).
            File.Delete(path);
            using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("mesh");
            using var response = await client.GetAsync(Url);
            Assert.Equal("reviews-v3", (await BackendAnswer.ReadAsync(response)).Backend);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
