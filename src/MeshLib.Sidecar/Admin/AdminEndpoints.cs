using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MeshLib.Http;
using Microsoft.AspNetCore.Http;

namespace MeshLib.Sidecar.Admin;

/// <summary>
/// The admin listener (loopback only): <c>/ready</c>, <c>/config_dump</c> and <c>/clusters</c>, as Envoy's admin
/// interface names them. Read-only; GET and HEAD. <c>/stats/prometheus</c> is OpenTelemetry's Prometheus exporter,
/// mapped ahead of these (<see cref="Telemetry.SidecarTelemetry"/>).
/// </summary>
internal sealed class AdminEndpoints(MeshRuntime runtime, SidecarReadiness readiness, SidecarOptions options)
{
    private const string Index = """
        MeshLib sidecar admin
          /ready              200 LIVE once the configuration is loaded, else 503
          /config_dump        the configuration in force (JSON), its version and the last reload's status
          /clusters           clusters: endpoints, health, ejections, active requests, circuit breakers (JSON)
          /stats/prometheus   Istio's and MeshLib's metrics in the Prometheus text format

        """;

    // Admin JSON is read by people and tools on this host, never embedded in HTML: keep quotes and '+' as they are.
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            return TextAsync(context, StatusCodes.Status405MethodNotAllowed, "text/plain", "only GET and HEAD are served here\n");
        }

        return context.Request.Path.Value switch
        {
            "/" => TextAsync(context, StatusCodes.Status200OK, "text/plain", Index),
            "/ready" => readiness.IsReady
                ? TextAsync(context, StatusCodes.Status200OK, "text/plain", readiness.State + "\n")
                : TextAsync(context, StatusCodes.Status503ServiceUnavailable, "text/plain", readiness.State + "\n"),
            "/config_dump" => JsonAsync(context, writer => ConfigDumpWriter.Write(writer, runtime.Manager, options)),
            "/clusters" => JsonAsync(context, writer => ClustersWriter.Write(writer, ClusterView.All(runtime))),
            _ => TextAsync(context, StatusCodes.Status404NotFound, "text/plain", "not found; see /\n"),
        };
    }

    private static Task JsonAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            write(writer);
        }

        return WriteAsync(context, StatusCodes.Status200OK, "application/json", buffer.WrittenMemory);
    }

    private static Task TextAsync(HttpContext context, int status, string contentType, string text) =>
        WriteAsync(context, status, contentType, Encoding.UTF8.GetBytes(text));

    private static async Task WriteAsync(HttpContext context, int status, string contentType, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        response.Headers.CacheControl = "no-cache";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }
}
