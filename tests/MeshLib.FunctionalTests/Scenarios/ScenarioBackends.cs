using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Scenarios;

/// <summary>
/// The backends of one scenario, by name, and the gate that releases the requests they hold
/// (<see cref="BackendHandlers.Hold"/>) at the scenario's end.
/// </summary>
internal sealed class ScenarioBackends : IAsyncDisposable
{
    private readonly Dictionary<string, TestBackend> _backends;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ScenarioBackends(string host, Dictionary<string, TestBackend> backends)
    {
        Host = host;
        _backends = backends;
    }

    /// <summary>The scenario's host (its name).</summary>
    public string Host { get; }

    public TestBackend this[string name] => _backends[name];

    /// <summary>Completes when the scenario ends: held requests get their answer.</summary>
    public Task Release => _release.Task;

    public IEnumerable<TestBackend> All => _backends.Values;

    public static async Task<ScenarioBackends> StartAsync(Scenario scenario)
    {
        var started = await Task.WhenAll(scenario.Backends.Select(TestBackend.StartAsync));
        return new ScenarioBackends(scenario.Name, started.ToDictionary(b => b.Name, StringComparer.Ordinal));
    }

    /// <summary>The scenario's mesh configuration for these backends' ports.</summary>
    public IReadOnlyList<string> Mesh(Scenario scenario) => [.. scenario.Mesh(this)];

    public void ReleaseHeld() => _release.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ReleaseHeld();
        foreach (var backend in _backends.Values)
        {
            await backend.DisposeAsync();
        }
    }
}
