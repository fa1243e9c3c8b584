using Bookinfo.Walkthrough;
using MeshLib.FunctionalTests.TestSupport;
using Xunit.Abstractions;

namespace MeshLib.FunctionalTests.Bookinfo;

/// <summary>
/// One Bookinfo (apps, sidecars, watched mesh directory) in <c>--fast</c> mode, shared by the walkthrough tests of a
/// class: every caller with a mesh in the app.
/// </summary>
public class BookinfoFixture : IAsyncLifetime
{
    public StringWriter Output { get; } = new();

    public BookinfoEnvironment Environment { get; private set; } = null!;

    public WalkthroughOptions Options => new()
    {
        Fast = true,
        Sidecar = Sidecar,
        NetworkingDirectory = Path.Combine(RepositoryRoot.Path, "samples", "Bookinfo", "networking"),
        PythonProductPage = Path.Combine(RepositoryRoot.Path, "samples", "Bookinfo", "python", "productpage.py"),
    };

    /// <summary><c>--sidecar</c>: the callers send through MeshLib sidecar processes instead.</summary>
    protected virtual bool Sidecar => false;

    public async Task InitializeAsync() => Environment = await BookinfoEnvironment.StartAsync(Options, Output);

    public async Task DisposeAsync() => await Environment.DisposeAsync();
}

/// <summary>The same Bookinfo with <c>--sidecar</c>: productpage, reviews v2/v3 and the runner each behind a sidecar process.</summary>
public sealed class SidecarBookinfoFixture : BookinfoFixture
{
    protected override bool Sidecar => true;
}

/// <summary>
/// The seed walkthrough's steps in <c>--fast</c> mode, through the runner's step API: each step applies the Istio
/// YAML as a live change of the watched directory, waits until every sidecar has it, and compares what it sees
/// with what the walkthrough says. Each step sets up its own preconditions, so the order does not matter.
/// The same steps run once per way the callers reach the mesh (<typeparamref name="TFixture"/>).
/// </summary>
public abstract class WalkthroughTests<TFixture>(TFixture fixture, ITestOutputHelper output) : IClassFixture<TFixture>
    where TFixture : BookinfoFixture
{
    protected TFixture Fixture => fixture;

    protected ITestOutputHelper Output => output;

    private async Task<StepResult> RunAsync(string step)
    {
        var log = new StringWriter();
        var result = await new Walkthrough(fixture.Environment, fixture.Options, log).RunStepAsync(step);
        output.WriteLine(log.ToString());
        Assert.Null(result.Error);
        return result;
    }

    /// <summary>Runs a step and asserts that it made <paramref name="checks"/> observations, all as the walkthrough says.</summary>
    private async Task<StepResult> PassesAsync(string step, int checks)
    {
        var result = await RunAsync(step);
        Assert.Equal(checks, result.Checks.Count);
        Assert.All(result.Checks, AssertPassed);
        return result;
    }

    protected static void AssertPassed(Check check) =>
        Assert.True(check.Passed, $"{check.What}\n expected: {check.Expected}\n observed: {check.Observed}");

    [Fact]
    public Task Bookinfo_WithoutRoutingRules_ServesAllThreeReviewsVersions() => PassesAsync("bookinfo", 2);

    [Fact]
    public async Task RequestRouting_AllV1ThenJasonToV2()
    {
        var result = await PassesAsync("request-routing", 4);
        Assert.Contains("black stars (reviews-v2)", result.Checks[2].Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FaultInjection_DelayMakesProductpageGiveUpAfterTwoTries_AbortShowsRatingsUnavailable()
    {
        var result = await PassesAsync("fault-injection", 5);
        Assert.Contains("client timeout", result.Checks[1].Observed, StringComparison.Ordinal);
    }

    [Fact]
    public Task TrafficShifting_FiftyFiftyThenAllV3() => PassesAsync("traffic-shifting", 3);

    [Fact]
    public async Task RequestTimeouts_RatingsDelayThenReviewsRouteTimeout()
    {
        var result = await PassesAsync("request-timeouts", 2);
        Assert.Contains("504 after", result.Checks[1].Observed, StringComparison.Ordinal);
    }

    [Fact]
    public Task PerRequestTimeout_HeaderReplacesTheRouteTimeout() => PassesAsync("per-request-timeout", 3);

    [Fact]
    public async Task CircuitBreaking_OneConnectionOnePending_ThreeCallersOverflowWith503()
    {
        var result = await RunAsync("circuit-breaking");
        Assert.Equal(3, result.Checks.Count);
        AssertPassed(result.Checks[0]);
        AssertPassed(result.Checks[2]);
    }

    /// <summary>
    /// In-process some of the calls overflow, as in the seed; through a sidecar process the window for it is a loopback
    /// connect, so the check there is that every call is a 200 or an overflow 503 (see the step's expectation).
    /// </summary>
    [Fact]
    public async Task CircuitBreaking_TwoCallers_AsInTheSeed()
    {
        var result = await RunAsync("circuit-breaking");
        AssertPassed(result.Checks[1]);
    }
}

/// <summary>
/// The walkthrough classes run one after the other: their timed observations (a 0.5 s delay against a 0.75 s client
/// timeout with <c>--fast</c>) should not compete for the CPU with a second Bookinfo and its sidecar processes.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SequentialWalkthroughs
{
    public const string Name = "Bookinfo walkthrough";
}

/// <summary>Every walkthrough step with a mesh in each calling app (<c>AddHttpClient(...).AddMesh()</c>).</summary>
[Collection(SequentialWalkthroughs.Name)]
public sealed class InProcessWalkthroughTests(BookinfoFixture fixture, ITestOutputHelper output)
    : WalkthroughTests<BookinfoFixture>(fixture, output);

/// <summary>
/// Every walkthrough step with <c>--sidecar</c>: no mesh in the apps; productpage, reviews v2/v3 and the runner
/// (ingress and fortio) each send through their own MeshLib sidecar process, so routing, faults, timeouts, the
/// timeout header and circuit breaking are all applied by sidecar processes — with the same observations.
/// </summary>
[Collection(SequentialWalkthroughs.Name)]
public sealed class SidecarWalkthroughTests(SidecarBookinfoFixture fixture, ITestOutputHelper output)
    : WalkthroughTests<SidecarBookinfoFixture>(fixture, output)
{
    [Fact]
    public void EveryCaller_HasItsOwnSidecarProcess_AndNoMeshInTheApp()
    {
        var processes = Fixture.Environment.SidecarProcesses;
        Assert.Equal(["reviews-v2", "reviews-v3", "productpage-v1", "runner"], processes.Select(p => p.Name));
        Assert.Equal(processes.Count, processes.Select(p => p.OutboundPort).Distinct().Count());
        foreach (var app in Fixture.Environment.Apps)
        {
            Assert.Null(app.Services.GetService(typeof(MeshLib.Management.MeshConfigManager)));
        }
    }

    [Fact]
    public async Task Python_ProductPageThroughProductpagesSidecar_AnonymousSeesV1_JasonSeesBlackStars()
    {
        var log = new StringWriter();
        var result = await PythonProductPage.RunAsync(Fixture.Environment, Fixture.Options, log);
        Output.WriteLine(log.ToString());

        Assert.NotNull(result);
        Assert.Null(result.Error);
        Assert.Equal(2, result.Checks.Count);
        Assert.All(result.Checks, AssertPassed);
        Assert.Contains("productpage.py: no ratings (reviews-v1)", result.Checks[0].Observed, StringComparison.Ordinal);
        Assert.Contains("productpage.py: black stars (reviews-v2)", result.Checks[1].Observed, StringComparison.Ordinal);
    }
}
