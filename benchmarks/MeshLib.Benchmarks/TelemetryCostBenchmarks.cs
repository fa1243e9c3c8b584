using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using BenchmarkDotNet.Attributes;
using MeshLib.Benchmarks.Support;
using MeshLib.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib.Benchmarks;

/// <summary>
/// The hot-path cost of the mesh's telemetry: the <see cref="HandlerOverheadBenchmarks"/> mesh request with nothing
/// listening, with a <see cref="MeterListener"/> collecting every MeshLib instrument (as an OpenTelemetry or Prometheus
/// exporter would subscribe), and with that plus an <see cref="ActivityListener"/> sampling every MeshLib span. The
/// listeners only count what they receive, so the numbers are MeshLib's side of the cost, not an exporter's.
/// </summary>
[MemoryDiagnoser]
public class TelemetryCostBenchmarks : IDisposable
{
    private readonly InMemoryHandler _terminal = new();
    private readonly Uri _uri = new(RealisticMesh.RequestUri);
    private ServiceProvider? _provider;
    private HttpClient _client = null!;
    private MeterListener? _meterListener;
    private ActivityListener? _activityListener;
    private long _measurements;
    private long _spans;

    public enum Listening
    {
        /// <summary>No listener: the router skips telemetry entirely.</summary>
        None,

        /// <summary>Every MeshLib instrument collected.</summary>
        Metrics,

        /// <summary>Metrics, and every MeshLib span sampled and recorded.</summary>
        MetricsAndTracing,
    }

    [Params(Listening.None, Listening.Metrics, Listening.MetricsAndTracing)]
    public Listening Telemetry { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Telemetry != Listening.None)
        {
            _meterListener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == MeshTelemetry.MeterName)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meterListener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _measurements));
            _meterListener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measurements));
            _meterListener.Start();
        }

        if (Telemetry == Listening.MetricsAndTracing)
        {
            _activityListener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == MeshTelemetry.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _ => Interlocked.Increment(ref _spans),
            };
            ActivitySource.AddActivityListener(_activityListener);
        }

        // The provider comes after the meter listener, which then sees the instruments as they are created.
        _provider = MeshClients.Mesh("mesh", _terminal, RealisticMesh.Yaml());
        _client = _provider.Client("mesh");
        if (Send().GetAwaiter().GetResult() != HttpStatusCode.OK
            || (Telemetry != Listening.None && Interlocked.Read(ref _measurements) == 0)
            || (Telemetry == Listening.MetricsAndTracing && Interlocked.Read(ref _spans) == 0))
        {
            throw new InvalidOperationException($"The request was not routed or not observed ({Telemetry}).");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        // The listeners are process-wide: remove them before the next parameter set runs.
        _meterListener?.Dispose();
        _activityListener?.Dispose();
        _provider?.Dispose();
        _terminal.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public async Task<HttpStatusCode> Send()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _uri);
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }
}
