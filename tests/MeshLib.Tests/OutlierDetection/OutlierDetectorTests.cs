using MeshLib.Configuration;
using MeshLib.Configuration.DestinationRule;
using MeshLib.OutlierDetection;
using Microsoft.Extensions.Time.Testing;

namespace MeshLib.Tests.OutlierDetection;

public class OutlierDetectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Report_NConsecutive5xx_EjectsImmediately()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 3, MaxEjectionPercent = 100 }, 2);

        Report(detector, 0, 500, 2);
        Assert.False(detector.IsEjected(0));

        Report(detector, 0, 503, 1);

        Assert.True(detector.IsEjected(0));
        Assert.Equal([1], Indexes(detector));
        Assert.Equal(EjectionReason.Consecutive5xx, detector.Snapshot()[0].LastEjectionReason);
        Assert.Equal(1, detector.EjectedCount);
        Assert.Equal(1, detector.EjectionsEnforcedTotal);
    }

    [Fact]
    public void Report_SuccessInBetween_ResetsTheRun()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 3, MaxEjectionPercent = 100 }, 2);

        Report(detector, 0, 500, 2);
        Report(detector, 0, 200, 1);
        Report(detector, 0, 500, 2);
        Assert.False(detector.IsEjected(0));
        Assert.Equal(2, detector.Snapshot()[0].Consecutive5xx);

        Report(detector, 0, 404, 1);
        Report(detector, 0, 500, 2);
        Assert.False(detector.IsEjected(0));

        Report(detector, 0, 500, 1);
        Assert.True(detector.IsEjected(0));
    }

    [Fact]
    public void Report_DefaultPolicy_EjectsAfterFive5xx()
    {
        var (detector, _) = Create(new() { MaxEjectionPercent = 100 }, 1);

        Report(detector, 0, 500, 4);
        Assert.False(detector.IsEjected(0));

        Report(detector, 0, 500, 1);
        Assert.True(detector.IsEjected(0));
    }

    [Fact]
    public void Report_Consecutive5xxZero_DisablesThatDetection()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 0, MaxEjectionPercent = 100 }, 1);

        Report(detector, 0, 500, 100);

        Assert.False(detector.IsEjected(0));
    }

    [Fact]
    public void Report_GatewayErrors_CountOnly502To504InARow()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 0, ConsecutiveGatewayErrors = 2, MaxEjectionPercent = 100 }, 2);

        // A non-gateway 5xx breaks the gateway run.
        Report(detector, 0, 502, 1);
        Report(detector, 0, 500, 1);
        Report(detector, 0, 504, 1);
        Assert.False(detector.IsEjected(0));
        Assert.Equal(1, detector.Snapshot()[0].ConsecutiveGatewayErrors);

        Report(detector, 0, 503, 1);

        Assert.True(detector.IsEjected(0));
        Assert.Equal(EjectionReason.ConsecutiveGatewayFailure, detector.Snapshot()[0].LastEjectionReason);
    }

    [Fact]
    public void Report_GatewayThresholdBelow5xxThreshold_EjectsFirstForGatewayErrors()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 5, ConsecutiveGatewayErrors = 2, MaxEjectionPercent = 100 }, 1);

        Report(detector, 0, 503, 2);

        Assert.True(detector.IsEjected(0));
        var snapshot = detector.Snapshot()[0];
        Assert.Equal(EjectionReason.ConsecutiveGatewayFailure, snapshot.LastEjectionReason);
        Assert.Equal(0, snapshot.ConsecutiveGatewayErrors);
        Assert.Equal(2, snapshot.Consecutive5xx);
    }

    [Fact]
    public void Report_LocalOriginFailuresWithoutSplit_CountAs5xxAndGatewayErrors()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 4, MaxEjectionPercent = 100 }, 2);

        detector.Report(0, AttemptResult.ConnectFailure);
        detector.Report(0, AttemptResult.ConnectSuccess);
        detector.Report(0, AttemptResult.Reset);
        detector.Report(0, AttemptResult.Response(500));
        Assert.False(detector.IsEjected(0));
        Assert.Equal(3, detector.Snapshot()[0].Consecutive5xx);

        detector.Report(0, AttemptResult.Timeout);
        Assert.True(detector.IsEjected(0));

        var (gateway, _) = Create(new() { Consecutive5xxErrors = 0, ConsecutiveGatewayErrors = 2, MaxEjectionPercent = 100 }, 1);
        gateway.Report(0, AttemptResult.ConnectTimeout);
        gateway.Report(0, AttemptResult.ConnectFailure);
        Assert.True(gateway.IsEjected(0));
        Assert.Equal(EjectionReason.ConsecutiveGatewayFailure, gateway.Snapshot()[0].LastEjectionReason);
    }

    [Fact]
    public void Report_LocalOriginFailuresWithSplit_UseTheirOwnCounter()
    {
        var (detector, _) = Create(new()
        {
            Consecutive5xxErrors = 2,
            SplitExternalLocalOriginErrors = true,
            ConsecutiveLocalOriginFailures = 3,
            MaxEjectionPercent = 100,
        }, 2);

        detector.Report(0, AttemptResult.ConnectFailure);
        detector.Report(0, AttemptResult.Reset);
        Assert.False(detector.IsEjected(0));
        var snapshot = detector.Snapshot()[0];
        Assert.Equal(0, snapshot.Consecutive5xx);
        Assert.Equal(2, snapshot.ConsecutiveLocalOriginFailures);

        // A connect success (or any response) breaks the local-origin run.
        detector.Report(0, AttemptResult.ConnectSuccess);
        detector.Report(0, AttemptResult.ConnectFailure);
        detector.Report(0, AttemptResult.Response(500));
        detector.Report(0, AttemptResult.Timeout);
        detector.Report(0, AttemptResult.ConnectTimeout);
        Assert.False(detector.IsEjected(0));
        Assert.Equal(1, detector.Snapshot()[0].Consecutive5xx);

        detector.Report(0, AttemptResult.ConnectFailure);
        Assert.True(detector.IsEjected(0));
        Assert.Equal(EjectionReason.ConsecutiveLocalOriginFailure, detector.Snapshot()[0].LastEjectionReason);

        // Real responses still drive the 5xx counter in split mode.
        Report(detector, 1, 500, 2);
        Assert.True(detector.IsEjected(1));
        Assert.Equal(EjectionReason.Consecutive5xx, detector.Snapshot()[1].LastEjectionReason);
    }

    [Fact]
    public void Report_CustomErrorCodes_RedefineErrors()
    {
        var (detector, _) = Create(new()
        {
            Consecutive5xxErrors = 2,
            MaxEjectionPercent = 100,
            OutlierDetectionHttpErrorCodes = new EquatableList<uint>([429]),
        }, 2);

        // 500 is not an error any more: it breaks the run.
        Report(detector, 0, 429, 1);
        Report(detector, 0, 500, 1);
        Report(detector, 0, 429, 1);
        Assert.False(detector.IsEjected(0));

        Report(detector, 0, 429, 1);
        Assert.True(detector.IsEjected(0));

        Report(detector, 1, 503, 10);
        Assert.False(detector.IsEjected(1));

        // Local failures are not responses: they still count.
        detector.Report(1, AttemptResult.ConnectFailure);
        detector.Report(1, AttemptResult.ConnectFailure);
        Assert.True(detector.IsEjected(1));
    }

    [Fact]
    public void Report_NoOutlierDetectionBlock_NeverEjects()
    {
        var (detector, time) = Create(null, 3);

        for (var i = 0; i < 3; i++)
        {
            Report(detector, i, 503, 1000);
            detector.Report(i, AttemptResult.ConnectFailure);
        }

        time.Advance(TimeSpan.FromMinutes(5));
        detector.Sweep();

        Assert.Null(detector.Policy);
        Assert.Equal(0, detector.EjectedCount);
        Assert.Equal([0, 1, 2], Indexes(detector));
        Assert.All(detector.Snapshot(), s => Assert.Equal(0, s.Consecutive5xx));
    }

    [Fact]
    public void Report_DefaultMaxEjectionPercentWithFiveEndpoints_EjectsNothing()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 1 }, 5);

        for (var i = 0; i < 5; i++)
        {
            Report(detector, i, 500, 1);
        }

        Assert.Equal(0, detector.EjectedCount);
        Assert.Equal(5, detector.EjectionsOverflowTotal);
        Assert.Equal([0, 1, 2, 3, 4], Indexes(detector));
    }

    [Fact]
    public void Report_DefaultMaxEjectionPercentWithTenEndpoints_EjectsOne()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 1 }, 10);

        for (var i = 0; i < 10; i++)
        {
            Report(detector, i, 500, 1);
        }

        Assert.Equal(1, detector.EjectedCount);
        Assert.True(detector.IsEjected(0));
        Assert.Equal(9, detector.EjectionsOverflowTotal);
    }

    [Fact]
    public void Report_RefusedEjection_ResetsTheCounterLikeEnvoy()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 2 }, 5);

        Report(detector, 0, 500, 3);

        Assert.False(detector.IsEjected(0));
        Assert.Equal(1, detector.Snapshot()[0].Consecutive5xx);
        Assert.Equal(1, detector.EjectionsOverflowTotal);
    }

    [Fact]
    public void Report_MaxEjectionPercent100_LetsEveryEndpointBeEjected()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 1, MaxEjectionPercent = 100 }, 3);

        for (var i = 0; i < 3; i++)
        {
            Report(detector, i, 500, 1);
        }

        Assert.Equal(3, detector.EjectedCount);
        var candidates = detector.SelectCandidates();
        Assert.Empty(candidates.Indexes);
        Assert.False(candidates.IsPanic);
    }

    [Fact]
    public void Report_MaxEjectionPercent50WithFourEndpoints_EjectsAtMostTwo()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 1, MaxEjectionPercent = 50 }, 4);

        for (var i = 0; i < 4; i++)
        {
            Report(detector, i, 500, 1);
        }

        Assert.Equal(2, detector.EjectedCount);
        Assert.Equal([2, 3], Indexes(detector));
        Assert.Equal(2, detector.EjectionsOverflowTotal);
    }

    [Fact]
    public void Report_AlreadyEjected_DoesNotEjectAgain()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 1, MaxEjectionPercent = 100 }, 1);

        Report(detector, 0, 500, 10);

        Assert.Equal(1, detector.Snapshot()[0].TimesEjected);
        Assert.Equal(1, detector.EjectionsEnforcedTotal);
    }

    [Fact]
    public void SelectCandidates_BelowMinHealthPercent_ReturnsAllEndpoints()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 1, MaxEjectionPercent = 100, MinHealthPercent = 50 }, 4);

        Report(detector, 0, 500, 1);
        Assert.Equal([1, 2, 3], Indexes(detector));

        // 50% healthy is not below 50%.
        Report(detector, 1, 500, 1);
        Assert.Equal([2, 3], Indexes(detector));
        Assert.False(detector.SelectCandidates().IsPanic);

        Report(detector, 2, 500, 1);
        var candidates = detector.SelectCandidates();
        Assert.True(candidates.IsPanic);
        Assert.Equal([0, 1, 2, 3], candidates.Indexes.ToArray());
        Assert.Equal(3, candidates.EjectedCount);
    }

    [Fact]
    public void SelectCandidates_MinHealthPercentZeroAndAllEjected_IsEmpty()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 1, MaxEjectionPercent = 100, MinHealthPercent = 0 }, 2);

        Report(detector, 0, 500, 1);
        Report(detector, 1, 500, 1);

        Assert.Empty(Indexes(detector));
    }

    [Fact]
    public void SelectCandidates_Unchanged_ReturnsTheSameCachedInstance()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 1, MaxEjectionPercent = 100 }, 3);
        var first = detector.SelectCandidates();

        Report(detector, 0, 200, 5);
        Assert.Same(first, detector.SelectCandidates());

        Report(detector, 0, 500, 1);
        var second = detector.SelectCandidates();
        Assert.NotSame(first, second);
        Assert.True(second.Version > first.Version);
        Assert.Same(second, detector.SelectCandidates());
    }

    [Fact]
    public void Sweep_ReturnsEndpointAtFirstSweepAfterEjectionTime()
    {
        var (detector, time) = Create(new()
        {
            Consecutive5xxErrors = 1,
            MaxEjectionPercent = 100,
            Interval = Duration.Parse("10s"),
            BaseEjectionTime = Duration.Parse("15s"),
        }, 2);

        Report(detector, 0, 500, 1);

        // Sweeps run at +10s and +20s after the ejection started the timer: 15s rounds up to 20s.
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(detector.IsEjected(0));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(detector.IsEjected(0));
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(detector.IsEjected(0));
        Assert.Equal([0, 1], Indexes(detector));
    }

    [Fact]
    public void Sweep_Unejecting_ResetsConsecutiveCounters()
    {
        var (detector, time) = Create(new() { Consecutive5xxErrors = 2, MaxEjectionPercent = 100 }, 1);

        Report(detector, 0, 500, 5);
        Assert.Equal(3, detector.Snapshot()[0].Consecutive5xx);

        AdvanceInSteps(time, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

        Assert.False(detector.IsEjected(0));
        Assert.Equal(0, detector.Snapshot()[0].Consecutive5xx);
        Report(detector, 0, 500, 1);
        Assert.False(detector.IsEjected(0));
    }

    [Fact]
    public void Ejection_TimeIsBaseTimesCount_CappedAt300s()
    {
        var (detector, time) = Create(new()
        {
            Consecutive5xxErrors = 1,
            MaxEjectionPercent = 100,
            Interval = Duration.Parse("10s"),
            BaseEjectionTime = Duration.Parse("100s"),
        }, 1);

        // Re-ejected at once after each return, so the multiplier never decays: 100, 200, 300, then capped.
        Assert.Equal(TimeSpan.FromSeconds(100), EjectAndMeasure(detector, time));
        Assert.Equal(TimeSpan.FromSeconds(200), EjectAndMeasure(detector, time));
        Assert.Equal(TimeSpan.FromSeconds(300), EjectAndMeasure(detector, time));
        Assert.Equal(TimeSpan.FromSeconds(300), EjectAndMeasure(detector, time));
        Assert.Equal(TimeSpan.FromSeconds(300), EjectAndMeasure(detector, time));

        var snapshot = detector.Snapshot()[0];
        Assert.Equal(5, snapshot.TimesEjected);
        Assert.Equal(4, snapshot.EjectionMultiplier);
    }

    [Fact]
    public void Ejection_DefaultBase_ReachesThe300sCapAtTheTenthEjection()
    {
        var (detector, time) = Create(new() { Consecutive5xxErrors = 1, MaxEjectionPercent = 100 }, 1);

        for (var n = 1; n <= 11; n++)
        {
            Assert.Equal(TimeSpan.FromSeconds(Math.Min(30 * n, 300)), EjectAndMeasure(detector, time));
        }
    }

    [Fact]
    public void Snapshot_EjectedUntil_IsEjectionStartPlusEjectionTime()
    {
        var (detector, time) = Create(new() { Consecutive5xxErrors = 1, MaxEjectionPercent = 100 }, 2);
        time.Advance(TimeSpan.FromSeconds(3));

        Report(detector, 1, 500, 1);

        var snapshot = detector.Snapshot();
        Assert.Null(snapshot[0].EjectedUntil);
        Assert.False(snapshot[0].IsEjected);
        Assert.Equal(1, snapshot[1].EndpointIndex);
        Assert.Equal("10.0.0.2:8080", snapshot[1].Key);
        Assert.True(snapshot[1].IsEjected);
        Assert.Equal(Start + TimeSpan.FromSeconds(33), snapshot[1].EjectedUntil);
        Assert.Equal(1, snapshot[1].TimesEjected);
        Assert.Equal(1, snapshot[1].EjectionMultiplier);
    }

    [Fact]
    public void Sweep_HealthyForAnInterval_DecaysTheMultiplier()
    {
        var (detector, time) = Create(new() { Consecutive5xxErrors = 1, MaxEjectionPercent = 100 }, 1);

        Assert.Equal(TimeSpan.FromSeconds(30), EjectAndMeasure(detector, time));
        Assert.Equal(TimeSpan.FromSeconds(60), EjectAndMeasure(detector, time));
        Assert.Equal(2, detector.Snapshot()[0].EjectionMultiplier);

        // Returned at this sweep; the next sweep is one interval later and lowers the multiplier.
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, detector.Snapshot()[0].EjectionMultiplier);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, detector.Snapshot()[0].EjectionMultiplier);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, detector.Snapshot()[0].EjectionMultiplier);

        Assert.Equal(TimeSpan.FromSeconds(30), EjectAndMeasure(detector, time));
    }

    [Fact]
    public void Sweep_PartialDecay_ShortensTheNextEjection()
    {
        var (detector, time) = Create(new() { Consecutive5xxErrors = 1, MaxEjectionPercent = 100 }, 1);

        EjectAndMeasure(detector, time);
        EjectAndMeasure(detector, time);
        EjectAndMeasure(detector, time);
        Assert.Equal(3, detector.Snapshot()[0].EjectionMultiplier);

        time.Advance(TimeSpan.FromSeconds(10));

        // Multiplier 3 → 2 after one healthy interval, then +1 on ejection: 90s.
        Assert.Equal(TimeSpan.FromSeconds(90), EjectAndMeasure(detector, time));
    }

    [Fact]
    public void Walkthrough_HttpbinPolicy_EjectsSingleEndpointForThreeMinutes()
    {
        var (detector, time) = Create(new()
        {
            Consecutive5xxErrors = 1,
            Interval = Duration.Parse("1s"),
            BaseEjectionTime = Duration.Parse("3m"),
            MaxEjectionPercent = 100,
        }, 1);

        Report(detector, 0, 503, 1);

        Assert.True(detector.IsEjected(0));
        Assert.Empty(Indexes(detector));

        AdvanceInSteps(time, TimeSpan.FromSeconds(179), TimeSpan.FromSeconds(1));
        Assert.True(detector.IsEjected(0));
        Assert.Empty(Indexes(detector));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(detector.IsEjected(0));
        Assert.Equal([0], Indexes(detector));
    }

    [Fact]
    public void Sweep_ExplicitCall_UnejectsWithoutTheTimer()
    {
        var (detector, time) = Create(new() { Consecutive5xxErrors = 1, MaxEjectionPercent = 100, Interval = Duration.Parse("1h") }, 1);
        Report(detector, 0, 500, 1);

        time.Advance(TimeSpan.FromSeconds(29));
        detector.Sweep();
        Assert.True(detector.IsEjected(0));

        time.Advance(TimeSpan.FromSeconds(1));
        detector.Sweep();
        Assert.False(detector.IsEjected(0));
    }

    [Fact]
    public void Dispose_StopsTheSweepTimer()
    {
        var (detector, time) = Create(new() { Consecutive5xxErrors = 1, MaxEjectionPercent = 100 }, 1);
        Report(detector, 0, 500, 1);

        detector.Dispose();
        AdvanceInSteps(time, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10));

        Assert.True(detector.IsEjected(0));
    }

    [Fact]
    public void Dispose_LaterReports_EjectNothing()
    {
        var (detector, _) = Create(new() { Consecutive5xxErrors = 1, MaxEjectionPercent = 100 }, 1);

        detector.Dispose();
        Report(detector, 0, 500, 3);

        Assert.False(detector.IsEjected(0));
    }

    [Fact]
    public void Timer_AfterGoingIdle_RestartsOnTheNextEjection()
    {
        var (detector, time) = Create(new() { Consecutive5xxErrors = 1, MaxEjectionPercent = 100 }, 1);
        EjectAndMeasure(detector, time);
        AdvanceInSteps(time, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));
        Assert.Equal(0, detector.Snapshot()[0].EjectionMultiplier);

        time.Advance(TimeSpan.FromSeconds(3));
        Report(detector, 0, 500, 1);
        AdvanceInSteps(time, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10));
        Assert.True(detector.IsEjected(0));
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.False(detector.IsEjected(0));
    }

    private static (OutlierDetector Detector, FakeTimeProvider Time) Create(OutlierDetectionConfig? config, int endpoints)
    {
        var time = new FakeTimeProvider(Start);
        var keys = new string[endpoints];
        for (var i = 0; i < endpoints; i++)
        {
            keys[i] = $"10.0.0.{i + 1}:8080";
        }

        return (new OutlierDetector(OutlierDetectionPolicy.From(config), keys, time), time);
    }

    private static int[] Indexes(OutlierDetector detector) => detector.SelectCandidates().Indexes.ToArray();

    private static void Report(OutlierDetector detector, int endpoint, int status, int times)
    {
        for (var i = 0; i < times; i++)
        {
            detector.Report(endpoint, AttemptResult.Response(status));
        }
    }

    private static void AdvanceInSteps(FakeTimeProvider time, TimeSpan total, TimeSpan step)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += step)
        {
            time.Advance(step);
        }
    }

    // Ejects endpoint 0 with one 500 and advances one second at a time until it is back; returns how long it was out.
    private static TimeSpan EjectAndMeasure(OutlierDetector detector, FakeTimeProvider time)
    {
        detector.Report(0, AttemptResult.Response(500));
        Assert.True(detector.IsEjected(0));
        var started = time.GetUtcNow();
        while (detector.IsEjected(0))
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        return time.GetUtcNow() - started;
    }
}
