namespace MeshLib.FunctionalTests.TestSupport;

/// <summary>A set of named local backends started together (an xUnit class fixture); indexed by name.</summary>
public abstract class Backends : IAsyncLifetime
{
    private readonly string[] _names;
    private readonly Dictionary<string, TestBackend> _backends = new(StringComparer.Ordinal);

    protected Backends(params string[] names) => _names = names;

    public TestBackend this[string name] => _backends[name];

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(_names.Select(TestBackend.StartAsync));
        foreach (var backend in started)
        {
            _backends[backend.Name] = backend;
        }
    }

    /// <summary>Forgets every request received and every custom handler (between tests of a class).</summary>
    public void Reset()
    {
        foreach (var backend in _backends.Values)
        {
            backend.Received.Clear();
            backend.Handler = null;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var backend in _backends.Values)
        {
            await backend.DisposeAsync();
        }
    }
}

/// <summary>reviews-v1, reviews-v2 and reviews-v3, and the registry and subsets for them.</summary>
public sealed class ReviewsBackends : Backends
{
    public ReviewsBackends()
        : base("reviews-v1", "reviews-v2", "reviews-v3")
    {
    }

    /// <summary>The <c>reviews</c> ServiceEntry (port 9080) with the three labelled endpoints.</summary>
    public string Registry => MeshYaml.ServiceEntry(
        "reviews",
        9080,
        (this["reviews-v1"], "app: reviews, version: v1"),
        (this["reviews-v2"], "app: reviews, version: v2"),
        (this["reviews-v3"], "app: reviews, version: v3"));

    /// <summary>The subsets v1, v2 and v3 of <c>reviews</c>.</summary>
    public static string Subsets(string? trafficPolicy = null) => MeshYaml.DestinationRule("reviews", ["v1", "v2", "v3"], trafficPolicy);
}
