using System.Net;
using MeshLib.FunctionalTests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib.FunctionalTests.Http;

public sealed class BookinfoRoutingTests : IAsyncLifetime
{
    private TestBackend _v1 = null!;
    private TestBackend _v2 = null!;
    private TestBackend _v3 = null!;

    public async Task InitializeAsync()
    {
        _v1 = await TestBackend.StartAsync("reviews-v1");
        _v2 = await TestBackend.StartAsync("reviews-v2");
        _v3 = await TestBackend.StartAsync("reviews-v3");
    }

    public async Task DisposeAsync()
    {
        await _v1.DisposeAsync();
        await _v2.DisposeAsync();
        await _v3.DisposeAsync();
    }

    private string Registry() => $"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          location: MESH_INTERNAL
          resolution: STATIC
          ports:
          - {"{"}number: 9080, name: http, protocol: HTTP{"}"}
          endpoints:
          - {"{"}address: 127.0.0.1, ports: {"{"}http: {_v1.Port}{"}"}, labels: {"{"}app: reviews, version: v1{"}"}{"}"}
          - {"{"}address: 127.0.0.1, ports: {"{"}http: {_v2.Port}{"}"}, labels: {"{"}app: reviews, version: v2{"}"}{"}"}
          - {"{"}address: 127.0.0.1, ports: {"{"}http: {_v3.Port}{"}"}, labels: {"{"}app: reviews, version: v3{"}"}{"}"}
        """;

    private static string CorpusFile(string name) => File.ReadAllText(Path.Combine(RepositoryRoot.Corpus, name));

    private static HttpClient Client(params string[] yaml)
    {
        var services = new ServiceCollection();
        var mesh = services.AddMesh();
        foreach (var document in yaml)
        {
            mesh.AddYaml(document);
        }

        services.AddHttpClient("bookinfo").AddMesh();
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient("bookinfo");
    }

    [Fact]
    public async Task JasonGoesToV2_OthersToV3_WithTheCorpusVirtualService()
    {
        using var client = Client(Registry(), CorpusFile("destination-rule-reviews.yaml"), CorpusFile("virtual-service-reviews-jason-v2-v3.yaml"));

        using var jason = new HttpRequestMessage(HttpMethod.Get, "http://reviews:9080/reviews/0");
        jason.Headers.Add("end-user", "jason");
        using var jasonResponse = await client.SendAsync(jason);
        Assert.Equal(HttpStatusCode.OK, jasonResponse.StatusCode);
        Assert.Equal("reviews-v2", (await BackendAnswer.ReadAsync(jasonResponse)).Backend);

        using var anonymous = await client.GetAsync("http://reviews:9080/reviews/0");
        var answer = await BackendAnswer.ReadAsync(anonymous);
        Assert.Equal("reviews-v3", answer.Backend);
        Assert.Equal("reviews:9080", answer.Headers["host"]);
        Assert.Equal("1", answer.Headers["x-envoy-attempt-count"]);
    }
}
