using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MeshLib.Benchmarks;

/// <summary>The jobs <see cref="Program"/> chooses between.</summary>
internal static class BenchmarkConfigs
{
    /// <summary>
    /// A ShortRun-like job run in this process (no per-benchmark build or launch): 1 launch, 3 warm-ups, 5 measured
    /// iterations. Good for a smoke run and ratios; use the default job for published numbers.
    /// </summary>
    public static IConfig Quick() => DefaultConfig.Instance.AddJob(
        Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(5)
            .WithId("Quick")
            .AsDefault());
}
