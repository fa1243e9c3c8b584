using System.Collections;
using System.Runtime.CompilerServices;
using MeshLib.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MeshLib.Sidecar.Telemetry;

/// <summary>
/// The sidecar's OpenTelemetry: one MeterProvider over MeshLib's meter and the sidecar's, read by the Prometheus
/// exporter at <c>/stats/prometheus</c> on the admin listener, and, when an OTLP endpoint is given
/// (<c>--otlp-endpoint</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), pushed with the request spans to that collector.
/// </summary>
internal sealed partial class SidecarTelemetry
{
    /// <summary>Where the admin listener serves the Prometheus scrape, as Envoy's admin interface does.</summary>
    public const string ScrapePath = "/stats/prometheus";

    /// <summary>OpenTelemetry's variable for the collector's base URL.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>OpenTelemetry's variable for the OTLP transport.</summary>
    public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    private const string ServiceNameVariable = "OTEL_SERVICE_NAME";
    private const string ResourceAttributesVariable = "OTEL_RESOURCE_ATTRIBUTES";

    /// <summary>The <c>service.name</c> of exported telemetry unless the environment names one.</summary>
    private const string DefaultServiceName = "meshlib-sidecar";

    private readonly Dictionary<string, string?> _settings;

    private SidecarTelemetry(Dictionary<string, string?> settings) => _settings = settings;

    /// <summary>The collector's base URL when OTLP export is on, else null.</summary>
    public string? OtlpEndpoint => _settings.GetValueOrDefault(EndpointVariable);

    /// <summary>The OTLP transport: <c>grpc</c> (OpenTelemetry's default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol => _settings.GetValueOrDefault(ProtocolVariable) ?? "grpc";

    /// <summary>
    /// Combines the <c>OTEL_*</c> environment variables with the command line, which wins over them.
    /// </summary>
    /// <param name="options">The parsed command line.</param>
    /// <param name="environment">The process environment.</param>
    /// <param name="error">What is wrong with the OTLP settings, when they are unusable.</param>
    /// <returns>The settings, or null with <paramref name="error"/> set.</returns>
    public static SidecarTelemetry? Resolve(SidecarOptions options, IDictionary environment, out string? error)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in environment)
        {
            if (variable.Key is string name && name.StartsWith("OTEL_", StringComparison.Ordinal))
            {
                settings[name] = variable.Value as string;
            }
        }

        if (options.OtlpEndpoint is not null)
        {
            settings[EndpointVariable] = options.OtlpEndpoint;
        }

        if (options.OtlpProtocol is not null)
        {
            settings[ProtocolVariable] = options.OtlpProtocol;
        }

        // An empty variable is how shells unset things: treat it as absent rather than as a bad value.
        foreach (var name in (string[])[EndpointVariable, ProtocolVariable])
        {
            if (settings.TryGetValue(name, out var value) && string.IsNullOrEmpty(value))
            {
                settings.Remove(name);
            }
        }

        if (settings.TryGetValue(EndpointVariable, out var endpoint) && EndpointError(endpoint!) is { } endpointError)
        {
            error = (options.OtlpEndpoint is null ? EndpointVariable : "--otlp-endpoint") + " " + endpointError;
            return null;
        }

        if (settings.TryGetValue(ProtocolVariable, out var protocol) && ProtocolError(protocol!) is { } protocolError)
        {
            error = (options.OtlpProtocol is null ? ProtocolVariable : "--otlp-protocol") + " " + protocolError;
            return null;
        }

        error = null;
        return new SidecarTelemetry(settings);
    }

    /// <summary>Why <paramref name="value"/> is not a collector URL, or null when it is one.</summary>
    /// <param name="value">The URL as written.</param>
    /// <returns>The problem, phrased to follow the option's name.</returns>
    public static string? EndpointError(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0
            ? null
            : $"must be an absolute http:// or https:// URL such as http://127.0.0.1:4317, not \"{value}\"";

    /// <summary>Why <paramref name="value"/> is not an OTLP transport this exporter speaks, or null when it is one.</summary>
    /// <param name="value">The protocol as written.</param>
    /// <returns>The problem, phrased to follow the option's name.</returns>
    public static string? ProtocolError(string value) =>
        value is "grpc" or "http/protobuf" ? null : $"must be grpc or http/protobuf, not \"{value}\"";

    /// <summary>Registers the MeterProvider, the Prometheus exporter and, if configured, the OTLP exporters.</summary>
    /// <param name="builder">The sidecar's application builder.</param>
    /// <param name="options">The parsed command line.</param>
    public void AddTo(WebApplicationBuilder builder, SidecarOptions options)
    {
        // OpenTelemetry reads OTEL_* from the host's configuration, which the sidecar keeps empty on purpose: hand it
        // these settings and nothing else.
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.Services.AddSingleton<SidecarMetrics>();

        var otlp = OtlpEndpoint is not null;
        var telemetry = builder.Services.AddOpenTelemetry();
        if (otlp && !NamesService())
        {
            telemetry.ConfigureResource(resource => resource.AddService(DefaultServiceName, serviceNamespace: options.Namespace));
        }

        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(MeshTelemetry.MeterName, SidecarMetrics.MeterName);
            metrics.AddPrometheusExporter(prometheus =>
            {
                // The instruments carry Istio's and Envoy's final names. Unit suffixes are already part of them
                // (istio_request_duration_milliseconds, unit ms); Envoy's counters have no _total
                // (envoy_cluster_upstream_rq_pending_overflow), so none is added in the text format, as Envoy serves
                // it; OpenMetrics, which requires _total, still gets it. No OpenTelemetry scope labels or target_info
                // series, which a real sidecar's scrape does not have.
                prometheus.DisableTotalNameSuffixForCounters = true;
                prometheus.ScopeInfoEnabled = false;
                prometheus.TargetInfoEnabled = false;

                // Every scrape reads the counters as they are now.
                prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
            });
            if (otlp)
            {
                AddOtlpExporter(metrics);
            }
        });
        if (otlp)
        {
            // ASP.NET Core's span of the application's request is the parent of MeshLib's: exporting it too keeps the
            // trace whole (application → sidecar → mesh.request → mesh.attempt → upstream) and lets the default
            // parent-based sampler follow the caller's traceparent decision, or sample a request that brings none.
            // Scrapes and probes on the admin listener are not traffic: they are not traced.
            telemetry.WithTracing(tracing => tracing
                .AddSource(MeshTelemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => context.Connection.LocalPort != options.AdminPort)
                .AddOtlpExporter());
        }
    }

    // Its own method, never inlined: the OTLP exporter's assembly then loads only when OTLP is on (≈0.3 MB of RSS off).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddOtlpExporter(MeterProviderBuilder metrics) => metrics.AddOtlpExporter();

    /// <summary>Serves the scrape on the admin listener only; the same path on the outbound port is forwarded as any other request.</summary>
    /// <param name="app">The built application.</param>
    /// <param name="adminPort">The admin listener's port.</param>
    public void UseScrapeEndpoint(WebApplication app, int adminPort)
    {
        // Created now so that its instruments exist before the first collection.
        _ = app.Services.GetRequiredService<SidecarMetrics>();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            // GET and HEAD only, as the rest of the admin listener: other methods get its 405.
            predicate: context => context.Connection.LocalPort == adminPort && context.Request.Path == ScrapePath
                && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)),
            path: null,
            configureBranchedPipeline: null,
            optionsName: null);
        if (OtlpEndpoint is { } endpoint)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MeshLib.Sidecar");
            OtlpExporting(logger, endpoint, OtlpProtocol);
        }
    }

    private bool NamesService() =>
        !string.IsNullOrEmpty(_settings.GetValueOrDefault(ServiceNameVariable))
        || (_settings.GetValueOrDefault(ResourceAttributesVariable) ?? string.Empty).Contains("service.name=", StringComparison.Ordinal);

    [LoggerMessage(EventId = 110, EventName = "SidecarOtlpExport", Level = LogLevel.Information,
        Message = "Exporting metrics and traces with OTLP ({Protocol}) to {Endpoint}")]
    private static partial void OtlpExporting(ILogger logger, string endpoint, string protocol);
}
