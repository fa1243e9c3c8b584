using System.Net.Http.Headers;
using MeshLib.Internal;
using MeshLib.Management;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib.FunctionalTests.TestSupport;

/// <summary>
/// A service provider with the mesh registered and one mesh <see cref="HttpClient"/> (named <c>mesh</c>), as an
/// application would set it up: <c>services.AddMesh()...</c> and <c>services.AddHttpClient("mesh").AddMesh()</c>.
/// </summary>
internal sealed class MeshHarness : IAsyncDisposable
{
    private MeshHarness(ServiceProvider provider)
    {
        Provider = provider;
        Client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("mesh");
    }

    public ServiceProvider Provider { get; }

    public HttpClient Client { get; }

    /// <summary>The configuration manager (its snapshot, reload state and diagnostics).</summary>
    public MeshConfigManager Manager => Provider.GetRequiredService<MeshConfigManager>();

    /// <summary>A harness whose configuration is the given YAML documents.</summary>
    public static MeshHarness FromYaml(params string[] yaml) => Create(mesh =>
    {
        foreach (var document in yaml)
        {
            mesh.AddYaml(document);
        }
    });

    /// <summary>A harness configured by <paramref name="configure"/>; <paramref name="random"/> is registered before <c>AddMesh()</c>.</summary>
    public static MeshHarness Create(Action<IMeshBuilder> configure, RandomSource? random = null)
    {
        var services = new ServiceCollection();
        if (random is not null)
        {
            services.AddSingleton(random);
        }

        configure(services.AddMesh());
        services.AddHttpClient("mesh").AddMesh();
        return new MeshHarness(services.BuildServiceProvider());
    }

    /// <summary>Sends <paramref name="method"/> <paramref name="url"/> with the given headers.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, params (string Name, string Value)[] headers)
    {
        // Awaited inside the using: a retry sets the attempt URI on the request after the first attempt's awaits.
        using var request = new HttpRequestMessage(method, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>GETs <paramref name="url"/> with the given headers.</summary>
    public Task<HttpResponseMessage> GetAsync(string url, params (string Name, string Value)[] headers) => SendAsync(HttpMethod.Get, url, headers);

    /// <summary>GETs <paramref name="url"/> and returns the name of the backend that answered (asserting a 200).</summary>
    public async Task<string> BackendOfAsync(string url, params (string Name, string Value)[] headers)
    {
        using var response = await GetAsync(url, headers);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return BackendAnswer.Parse(body).Backend;
    }

    /// <summary>GETs <paramref name="url"/> <paramref name="count"/> times and counts the answers per backend.</summary>
    public async Task<Dictionary<string, int>> CountBackendsAsync(string url, int count, params (string Name, string Value)[] headers)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var backend = await BackendOfAsync(url, headers);
            counts[backend] = counts.GetValueOrDefault(backend) + 1;
        }

        return counts;
    }

    /// <summary>The values of a response header, message or content, joined with <c>,</c>; null when absent.</summary>
    public static string? Header(HttpResponseMessage response, string name)
    {
        if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
        {
            return string.Join(',', values);
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Provider.DisposeAsync();
    }
}
