using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MeshLib.FunctionalTests.TestSupport;
using MeshLib.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshLib.FunctionalTests.Telemetry;

/// <summary>
/// Reviews v1 and v2 on real Kestrel backends, a mesh client over them, and collectors for what the mesh reports:
/// metric measurements of this provider's meter only, and log entries.
/// </summary>
public sealed class TelemetryFixture : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly MeterListener _listener;

    private TelemetryFixture(TestBackend v1, TestBackend v2, ServiceProvider provider, MeterListener listener, LogCollector logs)
    {
        V1 = v1;
        V2 = v2;
        _provider = provider;
        _listener = listener;
        Logs = logs;
        Client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("telemetry");
    }

    public TestBackend V1 { get; }

    public TestBackend V2 { get; }

    public HttpClient Client { get; }

    public LogCollector Logs { get; }

    public ConcurrentQueue<RecordedMeasurement> Measurements { get; } = new();

    public static async Task<TelemetryFixture> StartAsync(bool accessLog = false)
    {
        var v1 = await TestBackend.StartAsync("reviews-v1");
        var v2 = await TestBackend.StartAsync("reviews-v2");
        var logs = new LogCollector();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddMesh().AddYaml(Registry(v1, v2)).AddYaml(Rules);
        services.Configure<MeshOptions>(options =>
        {
            options.WorkloadName = "productpage-v1";
            options.WorkloadLabels["app"] = "productpage";
            options.WorkloadLabels["version"] = "v1";
            options.AccessLog = accessLog;
        });
        services.AddHttpClient("telemetry").AddMesh();
        var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener();
        TelemetryFixture? fixture = null;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MeshTelemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => fixture?.Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => fixture?.Add(instrument, value, tags));
        fixture = new TelemetryFixture(v1, v2, provider, listener, logs);
        listener.Start();
        return fixture;
    }

    /// <summary>The <c>istio_requests_total</c> measurements, each as its labels.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string?>> Requests() =>
        Measurements.Where(m => m.Instrument == MeshTelemetry.RequestsTotal).Select(m => m.Tags).ToList();

    public double Sum(string instrument, string? tag = null, string? value = null) =>
        Measurements.Where(m => m.Instrument == instrument && (tag is null || m.Tags.GetValueOrDefault(tag) == value)).Sum(m => m.Value);

    public void RecordObservables() => _listener.RecordObservableInstruments();

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        Client.Dispose();
        await _provider.DisposeAsync();
        await V1.DisposeAsync();
        await V2.DisposeAsync();
    }

    private static string Registry(TestBackend v1, TestBackend v2) => $$$"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          location: MESH_INTERNAL
          resolution: STATIC
          ports:
          - {number: 9080, name: http, protocol: HTTP}
          endpoints:
          - {address: 127.0.0.1, ports: {http: {{{v1.Port}}}}, labels: {app: reviews, version: v1}}
          - {address: 127.0.0.1, ports: {http: {{{v2.Port}}}}, labels: {app: reviews, version: v2}}
        """;

    private const string Rules = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          subsets:
          - name: v1
            labels: {version: v1}
          - name: v2
            labels: {version: v2}
          - name: v9
            labels: {version: v9}
          - name: limited
            labels: {version: v1}
            trafficPolicy:
              connectionPool:
                http: {http2MaxRequests: 1}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          http:
          - name: fault
            match: [{uri: {prefix: /fault}}]
            fault: {abort: {httpStatus: 500, percentage: {value: 100}}}
            route: [{destination: {host: reviews, subset: v1}}]
          - name: timeout
            match: [{uri: {prefix: /timeout}}]
            timeout: 0.2s
            route: [{destination: {host: reviews, subset: v1}}]
          - name: limited
            match: [{uri: {prefix: /limited}}]
            route: [{destination: {host: reviews, subset: limited}}]
          - name: empty
            match: [{uri: {prefix: /empty}}]
            route: [{destination: {host: reviews, subset: v9}}]
          - name: retry
            match: [{uri: {prefix: /retry}}]
            retries: {attempts: 2, retryOn: 5xx}
            route: [{destination: {host: reviews, subset: v1}}]
          - name: reviews-v2
            match: [{uri: {prefix: /reviews}}]
            route: [{destination: {host: reviews, subset: v2}}]
        """;

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            labels[tag.Key] = tag.Value?.ToString();
        }

        Measurements.Enqueue(new RecordedMeasurement(instrument.Name, value, labels));
    }
}

public sealed record RecordedMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);

/// <summary>Collects every log entry of every category.</summary>
public sealed class LogCollector : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Collecting(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Collecting(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
                : new Dictionary<string, object?>(StringComparer.Ordinal);
            owner.Entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), fields));
        }
    }
}

public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Fields);
