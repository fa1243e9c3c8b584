using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bookinfo.Load;

/// <summary>The outcome of a load run.</summary>
/// <param name="Calls">Calls made.</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="Latencies">Each call's latency, in seconds, sorted.</param>
/// <param name="Codes">Calls per HTTP status code (−1: the client saw an exception).</param>
public sealed record LoadResult(int Calls, TimeSpan Elapsed, IReadOnlyList<double> Latencies, IReadOnlyDictionary<int, int> Codes)
{
    /// <summary>Queries per second.</summary>
    public double Qps => Calls / Elapsed.TotalSeconds;

    /// <summary>Calls that ended with <paramref name="code"/>.</summary>
    public int Count(int code) => Codes.TryGetValue(code, out var n) ? n : 0;

    /// <summary>The latency at <paramref name="percent"/> (0–100), interpolated between samples.</summary>
    public double Percentile(double percent)
    {
        if (Latencies.Count == 0)
        {
            return 0;
        }

        var rank = percent / 100 * (Latencies.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, Latencies.Count - 1);
        return Latencies[low] + ((rank - low) * (Latencies[high] - Latencies[low]));
    }
}

/// <summary>
/// A small fortio: <c>fortio curl URL</c> and <c>fortio load -c C -qps 0 -n N URL</c> with the same summary lines
/// (calls, qps, average, percentiles p50/p75/p90/p99/p99.9, <c>Code 200 : 15 (75.0 %)</c>). Requests go through the
/// runner's sidecar — an <c>HttpClient</c> with <c>.AddMesh()</c>, or with <c>--sidecar</c> a sidecar process as proxy —
/// as fortio's requests go through its pod's sidecar. Percentiles are computed from the exact samples (fortio
/// interpolates inside histogram buckets).
/// </summary>
public sealed class Fortio(HttpClient client, TextWriter output)
{
    /// <summary><c>fortio curl URL</c>: prints the status line, headers and body.</summary>
    public async Task<int> CurlAsync(Uri url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine($"HTTP/{response.Version} {(int)response.StatusCode} {response.ReasonPhrase}");
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            output.WriteLine($"{header.Key.ToLowerInvariant()}: {string.Join(", ", header.Value)}");
        }

        output.WriteLine();
        output.WriteLine(body.TrimEnd());
        return (int)response.StatusCode;
    }

    /// <summary><c>fortio load -c connections -qps 0 -n calls URL</c>.</summary>
    public async Task<LoadResult> LoadAsync(Uri url, int connections, int calls)
    {
        ArgumentNullException.ThrowIfNull(url);
        output.WriteLine($"Fortio-like load (MeshLib Bookinfo sample) running at 0 queries per second, for {calls} calls: {url}");
        output.WriteLine($"Starting at max qps with {connections} thread(s) for exactly {calls} calls ({calls / connections} per thread + {calls % connections})");
        var latencies = new double[calls];
        var codes = new int[calls];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var log = new StringBuilder();
        var gate = new Lock();

        async Task WorkerAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < calls)
            {
                var started = Stopwatch.GetTimestamp();
                int code;
                try
                {
                    using var response = await client.GetAsync(url);
                    _ = await response.Content.ReadAsByteArrayAsync();
                    code = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    code = -1;
                }

                latencies[index] = Stopwatch.GetElapsedTime(started).TotalSeconds;
                codes[index] = code;
                if (code != 200)
                {
                    lock (gate)
                    {
                        log.Append(CultureInfo.InvariantCulture, $"{DateTime.Now:HH:mm:ss} W http_client.go:693> Parsed non ok code {code} (HTTP/1.1 {code})\n");
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(WorkerAsync)));
        clock.Stop();
        output.Write(log.ToString());

        var sorted = latencies.Order().ToArray();
        var result = new LoadResult(calls, clock.Elapsed, sorted, codes.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count()));
        var avg = sorted.Average();
        var stddev = Math.Sqrt(sorted.Sum(l => (l - avg) * (l - avg)) / sorted.Length);
        var text = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        text.Append(ci, $"Ended after {clock.Elapsed.TotalMilliseconds:0.######}ms : {calls} calls. qps={result.Qps:0.00}\n");
        text.Append(ci, $"Aggregated Function Time : count {calls} avg {avg:0.#########} +/- {stddev:0.######} min {sorted[0]:0.#########} max {sorted[^1]:0.#########} sum {sorted.Sum():0.#########}\n");
        foreach (var p in new[] { 50, 75, 90, 99, 99.9 })
        {
            text.Append(ci, $"# target {p}% {result.Percentile(p):0.######}\n");
        }

        foreach (var (code, count) in result.Codes.OrderBy(c => c.Key))
        {
            text.Append(ci, $"Code {(code < 0 ? "-1 (client error)" : code.ToString(ci))} : {count} ({100.0 * count / calls:0.0} %)\n");
        }

        text.Append(ci, $"All done {calls} calls (plus 0 warmup) {avg * 1000:0.###} ms avg, {result.Qps:0.0} qps\n");
        output.Write(text.ToString());
        return result;
    }
}
