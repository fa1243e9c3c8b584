using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Metrology;

namespace MeshLib.Benchmarks;

/// <summary>The configs <see cref="Program"/> chooses between. Both report allocations in bytes, as the targets are.</summary>
internal static class BenchmarkConfigs
{
    /// <summary>BenchmarkDotNet's default job: a separate process per benchmark, full statistics.</summary>
    public static IConfig Full() => DefaultConfig.Instance.WithSummaryStyle(Style);

    /// <summary>
    /// A ShortRun-like job run in this process (no per-benchmark build or launch): 1 launch, 3 warm-ups, 5 measured
    /// iterations. Good for a smoke run and ratios; use the default job for published numbers. The timeout is raised from
    /// the in-process default (5 minutes) because the 10,000-VirtualService compile case spends minutes in setup.
    /// </summary>
    public static IConfig Quick() => DefaultConfig.Instance
        .WithSummaryStyle(Style)
        .AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(20), logOutput: true))
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(5)
            .WithId("Quick")
            .AsDefault());

    private static SummaryStyle Style => SummaryStyle.Default.WithSizeUnit(SizeUnit.B);
}
