using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using MeshLib.Benchmarks.Profiling;

namespace MeshLib.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/MeshLib.Benchmarks -- [--quick] [--filter *]</c>. Without
/// <c>--quick</c> BenchmarkDotNet's default job runs (separate process, full statistics); with it, a short in-process job.
/// <c>--alloc-profile [requests] [--async-upstream]</c> runs no benchmark: it samples which types the mesh client
/// allocates per request (with an upstream that answers synchronously, or asynchronously).
/// </summary>
internal static class Program
{
    private static async Task Main(string[] args)
    {
        var profile = Array.IndexOf(args, "--alloc-profile");
        if (profile >= 0)
        {
            var requests = profile + 1 < args.Length && int.TryParse(args[profile + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 500_000;
            await AllocationProfile.RunAsync(requests, asynchronous: args.Contains("--async-upstream", StringComparer.Ordinal));
            return;
        }

        var quick = args.Contains("--quick", StringComparer.Ordinal);
        var rest = args.Where(a => !string.Equals(a, "--quick", StringComparison.Ordinal)).ToArray();
        IConfig config = quick ? BenchmarkConfigs.Quick() : BenchmarkConfigs.Full();
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config);
    }
}
