using MeshLib.Configuration.DestinationRule;
using MeshLib.OutlierDetection;
using Microsoft.Extensions.Time.Testing;

namespace MeshLib.Tests.OutlierDetection;

public class OutlierDetectorConcurrencyTests
{
    [Fact]
    public void Report_ParallelErrors_EjectEachEndpointExactlyOnce()
    {
        const int Endpoints = 8;
        const int ReportsPerEndpoint = 5_000;
        var keys = Enumerable.Range(0, Endpoints).Select(i => $"10.0.0.{i}:80").ToArray();
        using var detector = new OutlierDetector(
            OutlierDetectionPolicy.From(new OutlierDetectionConfig { Consecutive5xxErrors = 5, MaxEjectionPercent = 100 }),
            keys,
            new FakeTimeProvider());

        Parallel.For(0, Endpoints * ReportsPerEndpoint, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            detector.Report(i % Endpoints, AttemptResult.Response(503));
            _ = detector.SelectCandidates().Indexes.Length;
        });

        Assert.Equal(Endpoints, detector.EjectedCount);
        Assert.Equal(Endpoints, detector.EjectionsEnforcedTotal);
        Assert.All(detector.Snapshot(), s => Assert.Equal(1, s.TimesEjected));
        Assert.Empty(detector.SelectCandidates().Indexes);
    }

    [Fact]
    public void Report_ParallelErrorsUnderMaxEjectionPercent_NeverExceedTheLimit()
    {
        const int Endpoints = 10;
        var keys = Enumerable.Range(0, Endpoints).Select(i => $"10.0.0.{i}:80").ToArray();
        using var detector = new OutlierDetector(
            OutlierDetectionPolicy.From(new OutlierDetectionConfig { Consecutive5xxErrors = 1, MaxEjectionPercent = 30 }),
            keys,
            new FakeTimeProvider());

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            detector.Report(i % Endpoints, AttemptResult.Response(500)));

        Assert.Equal(3, detector.EjectedCount);
        Assert.Equal(3, detector.EjectionsEnforcedTotal);
        Assert.Equal(7, detector.SelectCandidates().Indexes.Length);
    }
}
