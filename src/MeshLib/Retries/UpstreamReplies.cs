using System.Globalization;
using System.Net;
using System.Text;

namespace MeshLib.Retries;

/// <summary>
/// Envoy's local replies for timeouts and upstream connect/reset failures (router.cc <c>onUpstreamReset</c>,
/// <c>onUpstreamTimeoutAbort</c>): <c>content-type: text/plain</c>, <c>server: envoy</c>, or for gRPC requests
/// HTTP 200 with <c>grpc-status</c>/<c>grpc-message</c> (trailers-only). Bodies are preallocated.
/// </summary>
internal static class UpstreamReplies
{
    /// <summary>Body of a route or per-try timeout reply.</summary>
    public const string RequestTimeoutText = "upstream request timeout";

    private const string ResetPrefix = "upstream connect error or disconnect/reset before headers. ";
    private const string RetriedInfix = "retried and the latest ";

    private static readonly byte[] RequestTimeoutBody = Encoding.ASCII.GetBytes(RequestTimeoutText);

    // Indexed by (int)AttemptFailure * 2 + (retried ? 1 : 0); preallocated so failure replies do not format strings.
    private static readonly string[] ResetTexts = BuildResetTexts();
    private static readonly byte[][] ResetBodies = Array.ConvertAll(ResetTexts, Encoding.ASCII.GetBytes);

    /// <summary>504 <c>upstream request timeout</c> (flag UT).</summary>
    /// <param name="grpc">Whether the request is gRPC.</param>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage RequestTimeout(bool grpc) =>
        Create(HttpStatusCode.GatewayTimeout, RequestTimeoutBody, RequestTimeoutText, grpc, grpcStatus: null);

    /// <summary>The reply for an attempt that failed without a response, after retries if any.</summary>
    /// <param name="failure">How the last attempt failed.</param>
    /// <param name="retried">Whether at least one retry happened (adds <c>retried and the latest </c>).</param>
    /// <param name="grpc">Whether the request is gRPC.</param>
    /// <returns>A new response: 504 for a per-try timeout, 502 for a protocol error, else 503.</returns>
    public static HttpResponseMessage ForFailure(AttemptFailure failure, bool retried, bool grpc)
    {
        if (failure == AttemptFailure.PerTryTimeout)
        {
            return RequestTimeout(grpc);
        }

        var index = (ResetReason(failure) is null ? (int)AttemptFailure.LocalReset : (int)failure) * 2 + (retried ? 1 : 0);
        var status = failure == AttemptFailure.ProtocolError ? HttpStatusCode.BadGateway : HttpStatusCode.ServiceUnavailable;
        return Create(status, ResetBodies[index], ResetTexts[index], grpc, grpcStatus: null);
    }

    /// <summary>The body text of a reset reply, e.g. <c>... reset reason: remote connection failure</c>.</summary>
    /// <param name="failure">How the last attempt failed.</param>
    /// <param name="retried">Whether at least one retry happened.</param>
    /// <returns>The text.</returns>
    public static string ResetText(AttemptFailure failure, bool retried) =>
        ResetTexts[(ResetReason(failure) is null ? (int)AttemptFailure.LocalReset : (int)failure) * 2 + (retried ? 1 : 0)];

    /// <summary>The response flag Envoy records for a failure (<c>streamResetReasonToResponseFlag</c>).</summary>
    /// <param name="failure">How the attempt failed.</param>
    /// <returns>The flag.</returns>
    public static ResponseFlags FlagFor(AttemptFailure failure) => failure switch
    {
        AttemptFailure.ConnectFailure or AttemptFailure.ConnectTimeout => ResponseFlags.UpstreamConnectionFailure,
        AttemptFailure.ConnectionTermination => ResponseFlags.UpstreamConnectionTermination,
        AttemptFailure.RemoteReset or AttemptFailure.RefusedStream => ResponseFlags.UpstreamRemoteReset,
        AttemptFailure.ProtocolError => ResponseFlags.UpstreamProtocolError,
        AttemptFailure.PerTryTimeout => ResponseFlags.UpstreamRequestTimeout,
        AttemptFailure.LocalReset => ResponseFlags.LocalReset,
        _ => ResponseFlags.None,
    };

    /// <summary>
    /// Builds an Envoy local reply. For gRPC requests Envoy answers HTTP 200 <c>application/grpc</c> with
    /// <c>grpc-status</c> (given, else mapped from the HTTP status) and <c>grpc-message</c> = the body, and no body.
    /// </summary>
    /// <param name="status">HTTP status.</param>
    /// <param name="body">Preallocated body bytes (shared, never written).</param>
    /// <param name="text">The same body as text, for <c>grpc-message</c>.</param>
    /// <param name="grpc">Whether the request is gRPC.</param>
    /// <param name="grpcStatus">Explicit gRPC status, or null to map from <paramref name="status"/>.</param>
    /// <returns>A new response.</returns>
    internal static HttpResponseMessage Create(HttpStatusCode status, byte[] body, string text, bool grpc, int? grpcStatus)
    {
        HttpResponseMessage response;
        if (grpc)
        {
            response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
            response.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
            response.Headers.TryAddWithoutValidation(
                "grpc-status",
                (grpcStatus ?? HttpToGrpcStatus((int)status)).ToString(CultureInfo.InvariantCulture));
            response.Headers.TryAddWithoutValidation("grpc-message", text);
        }
        else
        {
            response = new HttpResponseMessage(status) { Content = new ByteArrayContent(body) };
            response.Content.Headers.TryAddWithoutValidation("content-type", "text/plain");
        }

        response.Headers.TryAddWithoutValidation("server", "envoy");
        return response;
    }

    /// <summary>Envoy's <c>httpToGrpcStatus</c>.</summary>
    /// <param name="status">HTTP status code.</param>
    /// <returns>The gRPC status code.</returns>
    internal static int HttpToGrpcStatus(int status) => status switch
    {
        400 => 13,
        401 => 16,
        403 => 7,
        404 => 12,
        429 or 502 or 503 or 504 => 14,
        _ => 2,
    };

    private static string? ResetReason(AttemptFailure failure) => failure switch
    {
        AttemptFailure.ConnectFailure => "remote connection failure",
        AttemptFailure.ConnectTimeout => "connection timeout",
        AttemptFailure.ConnectionTermination => "connection termination",
        AttemptFailure.RemoteReset => "remote reset",
        AttemptFailure.RefusedStream => "remote refused stream reset",
        AttemptFailure.ProtocolError => "protocol error",
        AttemptFailure.LocalReset => "local reset",
        _ => null,
    };

    private static string[] BuildResetTexts()
    {
        var count = Enum.GetValues<AttemptFailure>().Length;
        var texts = new string[count * 2];
        for (var i = 0; i < count; i++)
        {
            var reason = ResetReason((AttemptFailure)i) ?? "local reset";
            texts[i * 2] = ResetPrefix + "reset reason: " + reason;
            texts[i * 2 + 1] = ResetPrefix + RetriedInfix + "reset reason: " + reason;
        }

        return texts;
    }
}
