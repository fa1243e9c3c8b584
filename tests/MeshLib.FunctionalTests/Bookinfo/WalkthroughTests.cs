using Bookinfo.Walkthrough;
using MeshLib.FunctionalTests.TestSupport;
using Xunit.Abstractions;

namespace MeshLib.FunctionalTests.Bookinfo;

/// <summary>One in-process Bookinfo (apps, sidecars, watched mesh directory) shared by the walkthrough tests.</summary>
public sealed class BookinfoFixture : IAsyncLifetime
{
    public StringWriter Output { get; } = new();

    public BookinfoEnvironment Environment { get; private set; } = null!;

    public WalkthroughOptions Options { get; } = new()
    {
        Fast = true,
        NetworkingDirectory = Path.Combine(RepositoryRoot.Path, "samples", "Bookinfo", "networking"),
    };

    public async Task InitializeAsync() => Environment = await BookinfoEnvironment.StartAsync(Options, Output);

    public async Task DisposeAsync() => await Environment.DisposeAsync();
}

/// <summary>
/// The seed walkthrough's steps in <c>--fast</c> mode, through the runner's step API: each step applies the Istio
/// YAML as a live change of the watched directory, waits until every sidecar has it, and compares what it sees
/// with what the walkthrough says. Each step sets up its own preconditions, so the order does not matter.
/// </summary>
public sealed class WalkthroughTests(BookinfoFixture fixture, ITestOutputHelper output) : IClassFixture<BookinfoFixture>
{
    private async Task<StepResult> RunAsync(string step)
    {
        var log = new StringWriter();
        var result = await new Walkthrough(fixture.Environment, fixture.Options, log).RunStepAsync(step);
        output.WriteLine(log.ToString());
        Assert.Null(result.Error);
        return result;
    }

    private static void AssertPassed(Check check) =>
        Assert.True(check.Passed, $"{check.What}\n expected: {check.Expected}\n observed: {check.Observed}");

    [Fact]
    public async Task Bookinfo_WithoutRoutingRules_ServesAllThreeReviewsVersions()
    {
        var result = await RunAsync("bookinfo");
        Assert.Equal(2, result.Checks.Count);
        Assert.All(result.Checks, AssertPassed);
    }

    [Fact]
    public async Task RequestRouting_AllV1ThenJasonToV2()
    {
        var result = await RunAsync("request-routing");
        Assert.Equal(4, result.Checks.Count);
        Assert.All(result.Checks, AssertPassed);
        Assert.Contains("black stars (reviews-v2)", result.Checks[2].Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FaultInjection_DelayMakesProductpageGiveUpAfterTwoTries_AbortShowsRatingsUnavailable()
    {
        var result = await RunAsync("fault-injection");
        Assert.Equal(5, result.Checks.Count);
        Assert.All(result.Checks, AssertPassed);
        Assert.Contains("client timeout", result.Checks[1].Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrafficShifting_FiftyFiftyThenAllV3()
    {
        var result = await RunAsync("traffic-shifting");
        Assert.Equal(3, result.Checks.Count);
        Assert.All(result.Checks, AssertPassed);
    }

    [Fact]
    public async Task RequestTimeouts_RatingsDelayThenReviewsRouteTimeout()
    {
        var result = await RunAsync("request-timeouts");
        Assert.Equal(2, result.Checks.Count);
        Assert.All(result.Checks, AssertPassed);
        Assert.Contains("504 after", result.Checks[1].Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerRequestTimeout_HeaderReplacesTheRouteTimeout()
    {
        var result = await RunAsync("per-request-timeout");
        Assert.Equal(3, result.Checks.Count);
        Assert.All(result.Checks, AssertPassed);
    }

    [Fact]
    public async Task CircuitBreaking_OneConnectionOnePending_ThreeCallersOverflowWith503()
    {
        var result = await RunAsync("circuit-breaking");
        Assert.Equal(3, result.Checks.Count);
        AssertPassed(result.Checks[0]);
        AssertPassed(result.Checks[2]);
    }

    [Fact]
    public async Task CircuitBreaking_TwoConnections_SomeCallsOverflow_AsInTheSeed()
    {
        var result = await RunAsync("circuit-breaking");
        AssertPassed(result.Checks[1]);
    }
}
