using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib.Load.Driver;

/// <summary>
/// <c>drive --client plain|mesh|proxy --url URL [--host NAME] [--proxy URL] [--config FILE]... [--connections N]
/// [--duration S] [--warmup S] [--rate RPS] [--label TEXT]</c>: N concurrent request loops, a warm-up phase (not
/// recorded: JIT tiering, connection set-up, the mesh's first configuration load), then a measured phase between
/// <c>PHASE measure</c> and <c>PHASE done</c> lines. Prints a summary and one <c>RESULT key=value ...</c> line for
/// scripts. Closed loop by default; <c>--rate</c> spreads that many requests per second evenly over the loops (open
/// loop as long as the target keeps up).
/// </summary>
internal static class LoadDriver
{
    public static async Task<int> RunAsync(Arguments args, TextWriter output)
    {
        var kind = args.Required("--client") switch
        {
            "plain" => ClientKind.Plain,
            "mesh" => ClientKind.Mesh,
            "proxy" => ClientKind.Proxy,
            var other => throw new UsageException($"--client: '{other}' is not plain, mesh or proxy"),
        };
        var uri = new Uri(args.Required("--url"), UriKind.Absolute);
        var host = args.Optional("--host");
        var proxy = args.Optional("--proxy") is { } proxyText ? new Uri(proxyText, UriKind.Absolute) : null;
        var configs = args.All("--config");
        var connections = Math.Max(1, args.Int("--connections", 64));
        var duration = TimeSpan.FromSeconds(args.Double("--duration", 10));
        var warmup = TimeSpan.FromSeconds(args.Double("--warmup", 3));
        var rate = args.Double("--rate", 0);
        var label = args.Optional("--label") ?? kind.ToString().ToLowerInvariant();
        args.RejectUnknown();
        if (kind == ClientKind.Proxy && proxy is null)
        {
            throw new UsageException("--client proxy needs --proxy URL");
        }

        if (kind == ClientKind.Mesh && configs.Count == 0)
        {
            throw new UsageException("--client mesh needs --config FILE");
        }

        await using var provider = LoadClients.Build(kind, proxy, configs);
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(LoadClients.Name);

        // One request first: a misrouted target must fail the run, not be measured.
        if (await new LoadWorker(client, uri, host).SendAsync() is { } error)
        {
            await output.WriteLineAsync($"{label}: GET {uri} failed: {error}");
            return 1;
        }

        await RunPhaseAsync(client, uri, host, connections, warmup, rate);

        // Scripts watching a server's CPU and memory sample between these two lines: the measured phase only.
        await output.WriteLineAsync("PHASE measure");
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var workItemsBefore = ThreadPool.CompletedWorkItemCount;
        var (latency, errors, firstError, elapsed) = await RunPhaseAsync(client, uri, host, connections, duration, rate);
        var requests = Math.Max(1, latency.Count);

        // The client side's own cost per request (plain, mesh, or proxy client): CPU time, bytes allocated, and
        // thread-pool work items (each one a queue hop, often a thread wake-up).
        var cpuPerRequest = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMicroseconds / requests;
        var bytesPerRequest = (double)(GC.GetTotalAllocatedBytes() - allocatedBefore) / requests;
        var workItemsPerRequest = (double)(ThreadPool.CompletedWorkItemCount - workItemsBefore) / requests;
        await output.WriteLineAsync("PHASE done");

        var rps = latency.Count / elapsed.TotalSeconds;
        var mode = rate > 0 ? $"{rate.ToString("0", CultureInfo.InvariantCulture)} rps target" : "closed loop";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {latency.Count} requests in {elapsed.TotalSeconds:0.00} s over {connections} connections ({mode}): {rps:0} req/s, " +
            $"p50 {Micro(latency.Percentile(50)):0} us, p90 {Micro(latency.Percentile(90)):0} us, p99 {Micro(latency.Percentile(99)):0} us, " +
            $"max {Micro(latency.MaxNanoseconds):0} us, {errors} errors; client per request: {cpuPerRequest:0.0} us CPU, " +
            $"{bytesPerRequest:0} B allocated, {workItemsPerRequest:0.00} thread-pool work items"));
        if (firstError is not null)
        {
            await output.WriteLineAsync($"{label}: first error: {firstError}");
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"RESULT label={label} requests={latency.Count} seconds={elapsed.TotalSeconds:0.000} rps={rps:0.0} " +
            $"mean_us={Micro(latency.MeanNanoseconds):0.0} p50_us={Micro(latency.Percentile(50)):0.0} p90_us={Micro(latency.Percentile(90)):0.0} " +
            $"p99_us={Micro(latency.Percentile(99)):0.0} max_us={Micro(latency.MaxNanoseconds):0.0} errors={errors} client_cpu_us={cpuPerRequest:0.0} " +
            $"client_bytes={bytesPerRequest:0} client_work_items={workItemsPerRequest:0.00}"));
        return 0;
    }

    private static double Micro(double nanoseconds) => nanoseconds / 1000;

    private static async Task<(LatencyHistogram Latency, long Errors, string? FirstError, TimeSpan Elapsed)> RunPhaseAsync(
        HttpClient client, Uri uri, string? host, int connections, TimeSpan duration, double rate)
    {
        var workers = Enumerable.Range(0, connections).Select(_ => new LoadWorker(client, uri, host)).ToArray();
        var interval = rate > 0 ? (long)(Stopwatch.Frequency * connections / rate) : 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(workers.Select((worker, i) => Task.Run(() => worker.RunAsync(start, end, interval, interval * i / connections))));
        var elapsed = Stopwatch.GetElapsedTime(start);

        var latency = new LatencyHistogram();
        long errors = 0;
        string? firstError = null;
        foreach (var worker in workers)
        {
            latency.Add(worker.Latency);
            errors += worker.Errors;
            firstError ??= worker.FirstError;
        }

        return (latency, errors, firstError, elapsed);
    }
}
