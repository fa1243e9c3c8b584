using System.Diagnostics;
using MeshLib.FunctionalTests.Resilience;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Scenarios;

/// <summary>The in-process driver: the scenario's YAML in a mesh, its requests through <c>AddHttpClient("mesh").AddMesh()</c>.</summary>
internal sealed class InProcessDriver(MeshHarness mesh) : IScenarioDriver
{
    /// <summary>Starts the scenario's backends and mesh, runs it, and stops them.</summary>
    public static async Task RunAsync(Scenario scenario)
    {
        // The mesh's request path compiled once per process, so that no first request misses a short timeout.
        await ResilienceMesh.WarmUpAsync();
        await using var backends = await ScenarioBackends.StartAsync(scenario);

        // Seeded, so that the statistical scenarios draw the same numbers on every run; scripted draws come first.
        var random = new ScriptedRandomSource(seed: 1).ScriptUInt64(scenario.ScriptedDraws ?? []);
        await using var mesh = MeshHarness.Create(
            builder =>
            {
                foreach (var document in backends.Mesh(scenario))
                {
                    builder.AddYaml(document);
                }
            },
            random);
        await ScenarioRunner.RunAsync(scenario, backends, new InProcessDriver(mesh));
        if (scenario.ScriptedDraws is not null)
        {
            Assert.Equal(0, random.PendingUInt64);
        }
    }

    public async Task<IReadOnlyList<ScenarioResponse>> SendAsync(Probe probe)
    {
        var answers = new List<ScenarioResponse>(probe.Count);
        for (var i = 0; i < probe.Count; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await mesh.GetAsync(probe.Url, probe.Headers);
            var body = await response.Content.ReadAsStringAsync();
            var headers = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", h.Value));
            answers.Add(new ScenarioResponse((int)response.StatusCode, body, headers, clock.Elapsed));
        }

        return answers;
    }
}
