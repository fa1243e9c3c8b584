using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Scenarios;

/// <summary>One answer, as any driver saw it: header names in lower case, repeated values joined with <c>", "</c>.</summary>
internal sealed record ScenarioResponse(int Status, string Body, IReadOnlyDictionary<string, string> Headers, TimeSpan Elapsed);

/// <summary>Sends a probe's requests the driver's way: in-process through the mesh HttpClient, or through the sidecar.</summary>
internal interface IScenarioDriver
{
    /// <summary>Sends <see cref="Probe.Count"/> requests, one after the other, and returns every answer.</summary>
    Task<IReadOnlyList<ScenarioResponse>> SendAsync(Probe probe);
}

/// <summary>Runs a scenario with a driver and checks every expected outcome.</summary>
internal static class ScenarioRunner
{
    private static readonly TimeSpan HeldLimit = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(Scenario scenario, ScenarioBackends backends, IScenarioDriver driver)
    {
        scenario.Arrange?.Invoke(backends);
        var held = new List<(Probe Probe, Task<IReadOnlyList<ScenarioResponse>> Answers)>();
        try
        {
            foreach (var probe in scenario.Probes)
            {
                if (probe.AfterHeld)
                {
                    await ReleaseAsync(scenario, backends, held);
                }

                if (!probe.Held)
                {
                    Check(scenario, probe, await driver.SendAsync(probe));
                    continue;
                }

                var path = new Uri(probe.Url).PathAndQuery;
                held.Add((probe, driver.SendAsync(probe)));
                Assert.True(
                    await Poll.UntilAsync(() => backends.All.Any(b => b.Received.Any(r => r.PathAndQuery == path)), HeldLimit),
                    $"{scenario}: {probe} did not reach a backend");
            }
        }
        finally
        {
            backends.ReleaseHeld();
        }

        await ReleaseAsync(scenario, backends, held);
        foreach (var expected in scenario.Received)
        {
            Check(scenario, expected, [.. backends[expected.Backend].Received]);
        }
    }

    private static async Task ReleaseAsync(Scenario scenario, ScenarioBackends backends, List<(Probe Probe, Task<IReadOnlyList<ScenarioResponse>> Answers)> held)
    {
        backends.ReleaseHeld();
        foreach (var (probe, answers) in held)
        {
            Check(scenario, probe, await answers);
        }

        held.Clear();
    }

    private static void Check(Scenario scenario, Probe probe, IReadOnlyList<ScenarioResponse> answers)
    {
        var what = $"{scenario}: {probe}";
        Assert.True(answers.Count == probe.Count, $"{what}: {answers.Count} answers");
        foreach (var answer in answers)
        {
            var seen = $"{what}\n answered {answer.Status} after {answer.Elapsed.TotalMilliseconds:0} ms: {answer.Body}";
            if (probe.Status is { } status)
            {
                Assert.True(answer.Status == status, $"{seen}\n expected status {status}");
            }

            if (probe.Body is { } body)
            {
                Assert.True(answer.Body == body, $"{seen}\n expected body \"{body}\"");
            }

            if (probe.BodyStartsWith is { } prefix)
            {
                Assert.True(answer.Body.StartsWith(prefix, StringComparison.Ordinal), $"{seen}\n expected a body starting \"{prefix}\"");
            }

            if (probe.Backend is { } backend)
            {
                Assert.True(BackendOf(answer) == backend, $"{seen}\n expected the answer of backend {backend}");
            }

            foreach (var (name, value) in probe.ResponseHeaders)
            {
                var actual = answer.Headers.GetValueOrDefault(name);
                Assert.True(actual == value, $"{seen}\n response header {name}: expected {value ?? "none"}, got {actual ?? "none"}");
            }

            if (probe.NotBefore is { } notBefore)
            {
                // Timers of curl, python3 and .NET differ in granularity: a little tolerance below the cause.
                Assert.True(answer.Elapsed >= notBefore * 0.98, $"{seen}\n expected no earlier than {notBefore.TotalMilliseconds} ms");
            }
        }

        var statuses = answers.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());
        if (probe.StatusCounts is { } counts)
        {
            Assert.True(
                counts.Count == statuses.Count && counts.All(c => statuses.GetValueOrDefault(c.Key) == c.Value),
                $"{what}\n statuses {Describe(statuses)}, expected {Describe(counts)}");
        }

        if (probe.BackendCounts is { } bounds)
        {
            var backends = answers.GroupBy(BackendOf).ToDictionary(g => g.Key ?? "(not a backend answer)", g => g.Count());
            Assert.True(
                backends.Keys.All(bounds.ContainsKey) && bounds.All(b => backends.GetValueOrDefault(b.Key) >= b.Value.Min && backends.GetValueOrDefault(b.Key) <= b.Value.Max),
                $"{what}\n backends {Describe(backends)}, expected {string.Join(", ", bounds.Select(b => $"{b.Key} {b.Value.Min}..{b.Value.Max}"))}");
        }
    }

    private static void Check(Scenario scenario, Received expected, IReadOnlyList<ReceivedRequest> received)
    {
        var what = $"{scenario}: backend {expected.Backend}";
        Assert.True(received.Count == expected.Count, $"{what} received {received.Count} requests, expected {expected.Count}");
        if (expected.AttemptCounts is { } attempts)
        {
            var seen = received.Select(r => r.Headers.GetValueOrDefault("x-envoy-attempt-count") ?? "none").ToArray();
            Assert.True(seen.SequenceEqual(attempts), $"{what}: attempt counts {string.Join(", ", seen)}, expected {string.Join(", ", attempts)}");
        }

        foreach (var request in received)
        {
            foreach (var (name, value) in expected.Headers)
            {
                var actual = request.Headers.GetValueOrDefault(name);
                Assert.True(actual == value, $"{what}: {request.PathAndQuery} carried {name}: {actual ?? "none"}, expected {value ?? "none"}");
            }

            foreach (var (name, (min, max)) in expected.NumericHeaders)
            {
                var actual = request.Headers.GetValueOrDefault(name);
                Assert.True(
                    long.TryParse(actual, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= min && number <= max,
                    $"{what}: {request.PathAndQuery} carried {name}: {actual ?? "none"}, expected {min}..{max}");
            }

            if (expected.PathAndQuery is { } path)
            {
                Assert.True(request.PathAndQuery == path, $"{what}: received {request.PathAndQuery}, expected {path}");
            }
        }
    }

    private static string? BackendOf(ScenarioResponse answer)
    {
        try
        {
            return BackendAnswer.Parse(answer.Body).Backend;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Describe<TKey>(IReadOnlyDictionary<TKey, int> counts)
        where TKey : notnull =>
        string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}"));
}
