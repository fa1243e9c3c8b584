using System.Diagnostics;
using System.Net;

namespace MeshLib.Load.Driver;

/// <summary>
/// One connection's loop: GET, read the whole body, record the latency, repeat until the deadline. With a rate, the
/// loop waits for its next slot (slots of all workers interleave evenly); latency is timed from the actual send, so a
/// late timer does not count as server time.
/// </summary>
internal sealed class LoadWorker(HttpClient client, Uri uri, string? host)
{
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    public LatencyHistogram Latency { get; } = new();

    public long Errors { get; private set; }

    public string? FirstError { get; private set; }

    /// <summary>Runs from <paramref name="start"/> until <paramref name="end"/> (Stopwatch timestamps).</summary>
    /// <param name="start">When the phase started.</param>
    /// <param name="end">When the last request may be sent.</param>
    /// <param name="interval">Ticks between this worker's requests; 0 for as fast as it can.</param>
    /// <param name="offset">Ticks after <paramref name="start"/> of this worker's first slot.</param>
    public async Task RunAsync(long start, long end, long interval, long offset)
    {
        var next = start + offset;
        while (true)
        {
            if (interval > 0)
            {
                var wait = next - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                }

                next += interval;
            }

            var sent = Stopwatch.GetTimestamp();
            if (sent >= end)
            {
                return;
            }

            var error = await SendAsync();
            Latency.Record((long)((Stopwatch.GetTimestamp() - sent) * NanosecondsPerTick));
            if (error is not null)
            {
                Errors++;
                FirstError ??= error;
            }
        }
    }

    /// <summary>One request; null when it answered 200, else what went wrong.</summary>
    public async Task<string?> SendAsync()
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (host is not null)
            {
                request.Headers.Host = host;
            }

            using var response = await client.SendAsync(request);
            return response.StatusCode == HttpStatusCode.OK
                ? null
                : $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
        }
        catch (HttpRequestException exception)
        {
            return exception.Message;
        }
        catch (TaskCanceledException exception)
        {
            return exception.Message;
        }
    }
}
