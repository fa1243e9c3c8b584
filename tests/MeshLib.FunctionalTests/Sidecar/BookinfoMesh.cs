using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>
/// Real backends for reviews v1-v3 and ratings v1, plus one outside the mesh, and a temporary configuration
/// directory: a ServiceEntry registry for them and the corpus's DestinationRules and VirtualServices
/// (reviews: jason → v2, others → v3; ratings: abort 500 for jason).
/// </summary>
public sealed class BookinfoMesh : IAsyncDisposable
{
    private BookinfoMesh(string directory, TestBackend[] reviews, TestBackend ratings, TestBackend outside)
    {
        Directory = directory;
        Reviews = reviews;
        Ratings = ratings;
        Outside = outside;
    }

    /// <summary>The configuration directory, given to the sidecar as <c>--config</c>.</summary>
    public string Directory { get; }

    /// <summary>reviews v1, v2, v3.</summary>
    public IReadOnlyList<TestBackend> Reviews { get; }

    public TestBackend Ratings { get; }

    /// <summary>A backend no configuration knows, reached as 127.0.0.1:port.</summary>
    public TestBackend Outside { get; }

    /// <summary>The file holding the reviews VirtualService (edited by reload tests).</summary>
    public string ReviewsVirtualServicePath => Path.Combine(Directory, "virtual-service-reviews.yaml");

    public static async Task<BookinfoMesh> StartAsync()
    {
        var reviews = new[]
        {
            await TestBackend.StartAsync("reviews-v1"),
            await TestBackend.StartAsync("reviews-v2"),
            await TestBackend.StartAsync("reviews-v3"),
        };
        var ratings = await TestBackend.StartAsync("ratings-v1");
        var outside = await TestBackend.StartAsync("outside");
        var directory = System.IO.Directory.CreateTempSubdirectory("meshlib-sidecar-").FullName;
        var mesh = new BookinfoMesh(directory, reviews, ratings, outside);
        await File.WriteAllTextAsync(Path.Combine(directory, "registry.yaml"), mesh.Registry());
        await File.WriteAllTextAsync(Path.Combine(directory, "destination-rules.yaml"), DestinationRules());
        File.Copy(Path.Combine(RepositoryRoot.Corpus, "virtual-service-reviews-jason-v2-v3.yaml"), mesh.ReviewsVirtualServicePath);
        File.Copy(Path.Combine(RepositoryRoot.Corpus, "virtual-service-ratings-test-abort.yaml"), Path.Combine(directory, "virtual-service-ratings.yaml"));
        return mesh;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in Reviews)
        {
            await backend.DisposeAsync();
        }

        await Ratings.DisposeAsync();
        await Outside.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>The reviews VirtualService sending every request to one subset.</summary>
    public static string ReviewsAllTo(string subset) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - route:
            - destination:
                host: reviews
                subset: {subset}
        """;

    /// <summary>Replaces a configuration file the way editors and config-map updates do: write aside, then rename over it.</summary>
    public static async Task ReplaceFileAsync(string path, string text)
    {
        var aside = path + ".tmp";
        await File.WriteAllTextAsync(aside, text);
        File.Move(aside, path, overwrite: true);
    }

    private static string DestinationRules() =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Corpus, "destination-rule-reviews.yaml")) + """

        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: ratings
        spec:
          host: ratings
          subsets:
          - name: v1
            labels:
              version: v1
        """;

    private string Registry() => $$"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          location: MESH_INTERNAL
          resolution: STATIC
          ports:
          - {number: 9080, name: http, protocol: HTTP}
          endpoints:
          {{Endpoint(Reviews[0].Port, "reviews", "v1")}}
          {{Endpoint(Reviews[1].Port, "reviews", "v2")}}
          {{Endpoint(Reviews[2].Port, "reviews", "v3")}}
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: ratings
        spec:
          hosts: [ratings]
          location: MESH_INTERNAL
          resolution: STATIC
          ports:
          - {number: 9080, name: http, protocol: HTTP}
          endpoints:
          {{Endpoint(Ratings.Port, "ratings", "v1")}}
        """;

    private static string Endpoint(int port, string app, string version) =>
        $"- {{address: 127.0.0.1, ports: {{http: {port}}}, labels: {{app: {app}, version: {version}}}}}";
}
