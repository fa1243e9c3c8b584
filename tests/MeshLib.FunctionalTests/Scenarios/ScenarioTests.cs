namespace MeshLib.FunctionalTests.Scenarios;

/// <summary>Every scenario of the catalogue in-process: its YAML in a mesh, its requests through the mesh HttpClient.</summary>
public sealed class InProcessScenarioTests
{
    public static TheoryData<string> Scenarios => [.. ScenarioCatalogue.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public Task Scenario_AnswersAsTheCatalogueSays(string name) => InProcessDriver.RunAsync(ScenarioCatalogue.Get(name));
}

/// <summary>
/// The same scenarios through the sidecar process, with curl and python3 as its clients: the same YAML, backends
/// and expected outcomes. Only scenarios that need draws injected into the mesh stay in-process.
/// </summary>
public sealed class SidecarScenarioTests(SidecarScenarioFixture fixture) : IClassFixture<SidecarScenarioFixture>
{
    public static TheoryData<string> Scenarios => [.. ScenarioCatalogue.All.Where(s => s.RunsThroughSidecar).Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public Task Scenario_AnswersAsTheCatalogueSays(string name) => fixture.RunAsync(ScenarioCatalogue.Get(name));

    [Fact]
    public void OnlyScriptedDrawScenarios_AreLeftToTheInProcessDriver() =>
        Assert.Equal(["weights-scripted"], ScenarioCatalogue.All.Where(s => !s.RunsThroughSidecar).Select(s => s.Name));
}
