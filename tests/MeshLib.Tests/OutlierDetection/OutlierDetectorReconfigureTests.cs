using MeshLib.Configuration;
using MeshLib.Configuration.DestinationRule;
using MeshLib.OutlierDetection;
using Microsoft.Extensions.Time.Testing;

namespace MeshLib.Tests.OutlierDetection;

public class OutlierDetectorReconfigureTests
{
    private static readonly OutlierDetectionConfig EjectOnFirst5xx = new() { Consecutive5xxErrors = 2, MaxEjectionPercent = 100 };

    [Fact]
    public void Reconfigure_KeptEndpointKeys_KeepTheirStateAtTheirNewIndexes()
    {
        var time = new FakeTimeProvider();
        var policy = OutlierDetectionPolicy.From(EjectOnFirst5xx);
        using var detector = new OutlierDetector(policy, ["a:80", "b:80", "c:80"], time);
        detector.Report(1, AttemptResult.Response(500));
        detector.Report(1, AttemptResult.Response(500));
        detector.Report(2, AttemptResult.Response(500));
        detector.Report(0, AttemptResult.Response(500));

        detector.Reconfigure(OutlierDetectionPolicy.From(EjectOnFirst5xx), ["c:80", "b:80", "d:80"]);

        var snapshot = detector.Snapshot();
        Assert.Equal(["c:80", "b:80", "d:80"], snapshot.Select(s => s.Key));
        Assert.Equal(1, snapshot[0].Consecutive5xx);
        Assert.True(snapshot[1].IsEjected);
        Assert.Equal(1, snapshot[1].TimesEjected);
        Assert.False(snapshot[2].IsEjected);
        Assert.Equal(0, snapshot[2].Consecutive5xx);
        Assert.Equal(1, detector.EjectedCount);
        Assert.Equal([0, 2], detector.SelectCandidates().Indexes.ToArray());

        // The kept counter continues: one more 5xx on "c" ejects it.
        detector.Report(0, AttemptResult.Response(500));
        Assert.True(detector.IsEjected(0));
    }

    [Fact]
    public void Reconfigure_KeptEjection_StillEndsOnTime()
    {
        var time = new FakeTimeProvider();
        using var detector = new OutlierDetector(OutlierDetectionPolicy.From(EjectOnFirst5xx), ["a:80", "b:80"], time);
        detector.Report(0, AttemptResult.Response(500));
        detector.Report(0, AttemptResult.Response(500));
        time.Advance(TimeSpan.FromSeconds(10));

        detector.Reconfigure(OutlierDetectionPolicy.From(EjectOnFirst5xx), ["b:80", "a:80"]);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(detector.IsEjected(1));
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.False(detector.IsEjected(1));
    }

    [Fact]
    public void Reconfigure_ReportFromCandidatesBeforeTheReload_ReachesTheSameEndpoint()
    {
        var time = new FakeTimeProvider();
        using var detector = new OutlierDetector(OutlierDetectionPolicy.From(EjectOnFirst5xx), ["a:80", "b:80"], time);
        var before = detector.SelectCandidates();

        detector.Reconfigure(OutlierDetectionPolicy.From(EjectOnFirst5xx), ["b:80", "c:80"]);

        // Index 1 of the old set is "b", now at index 0; index 0 of the old set ("a") is gone and ignored.
        detector.Report(before, 1, AttemptResult.Response(500));
        detector.Report(before, 1, AttemptResult.Response(500));
        detector.Report(before, 0, AttemptResult.Response(500));
        detector.Report(before, 0, AttemptResult.Response(500));

        Assert.True(detector.IsEjected(0));
        Assert.False(detector.IsEjected(1));
        Assert.Equal(1, detector.EjectedCount);
    }

    [Fact]
    public void Reconfigure_PolicyRemoved_ClearsAllState()
    {
        var time = new FakeTimeProvider();
        using var detector = new OutlierDetector(OutlierDetectionPolicy.From(EjectOnFirst5xx), ["a:80"], time);
        detector.Report(0, AttemptResult.Response(500));
        detector.Report(0, AttemptResult.Response(500));

        detector.Reconfigure(null, ["a:80"]);

        Assert.False(detector.IsEjected(0));
        Assert.Equal([0], detector.SelectCandidates().Indexes.ToArray());
        Assert.Equal(0, detector.Snapshot()[0].TimesEjected);
        detector.Report(0, AttemptResult.Response(500));
        detector.Report(0, AttemptResult.Response(500));
        Assert.False(detector.IsEjected(0));

        detector.Reconfigure(OutlierDetectionPolicy.From(EjectOnFirst5xx), ["a:80"]);
        Assert.Equal(0, detector.Snapshot()[0].Consecutive5xx);
    }

    [Fact]
    public void Reconfigure_NewInterval_DrivesTheSweep()
    {
        var time = new FakeTimeProvider();
        using var detector = new OutlierDetector(OutlierDetectionPolicy.From(EjectOnFirst5xx), ["a:80"], time);
        detector.Report(0, AttemptResult.Response(500));
        detector.Report(0, AttemptResult.Response(500));

        detector.Reconfigure(
            OutlierDetectionPolicy.From(EjectOnFirst5xx with { Interval = Duration.Parse("1m") }),
            ["a:80"]);

        time.Advance(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.True(detector.IsEjected(0));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(detector.IsEjected(0));
    }

    [Fact]
    public void Reconfigure_UnchangedEndpoints_KeepsTheIndexArrays()
    {
        var time = new FakeTimeProvider();
        using var detector = new OutlierDetector(OutlierDetectionPolicy.From(EjectOnFirst5xx), ["a:80", "b:80"], time);
        var before = detector.SelectCandidates();

        detector.Reconfigure(OutlierDetectionPolicy.From(EjectOnFirst5xx), ["a:80", "b:80"]);

        var after = detector.SelectCandidates();
        Assert.NotSame(before, after);
        Assert.Equal(before.Indexes, after.Indexes);
    }

    [Fact]
    public void Reconfigure_DuplicateKeys_GetSeparateState()
    {
        var time = new FakeTimeProvider();
        using var detector = new OutlierDetector(OutlierDetectionPolicy.From(EjectOnFirst5xx), ["a:80"], time);
        detector.Report(0, AttemptResult.Response(500));

        detector.Reconfigure(OutlierDetectionPolicy.From(EjectOnFirst5xx), ["a:80", "a:80"]);

        var snapshot = detector.Snapshot();
        Assert.Equal(1, snapshot[0].Consecutive5xx);
        Assert.Equal(0, snapshot[1].Consecutive5xx);
    }

    [Fact]
    public void Reconfigure_AfterDispose_Throws()
    {
        var detector = new OutlierDetector(null, ["a:80"], new FakeTimeProvider());
        detector.Dispose();

        Assert.Throws<ObjectDisposedException>(() => detector.Reconfigure(null, ["a:80"]));
    }
}
