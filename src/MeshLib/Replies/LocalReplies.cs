using System.Globalization;
using System.Net;

namespace MeshLib.Replies;

/// <summary>
/// Every reply Envoy sends without an upstream response (router.cc <c>onUpstreamAbort</c>, <c>onUpstreamReset</c>,
/// <c>onUpstreamTimeoutAbort</c>, <c>sendNoHealthyUpstreamResponse</c>, the fault filter, NR/NC and Istio's
/// <c>block_all</c>), as new <see cref="HttpResponseMessage"/>s owned by the caller. Every reply carries
/// <c>server: envoy</c>; one with a body carries <c>content-type: text/plain</c>, an empty one no content type.
/// For a gRPC request the same reply is HTTP 200 <c>application/grpc</c> with <c>grpc-status</c> (mapped from the
/// HTTP status unless given) and <c>grpc-message</c> = the body, and no body (trailers-only). Bodies are preallocated.
/// </summary>
internal static class LocalReplies
{
    /// <summary>The header Envoy adds to overflow replies.</summary>
    public const string OverloadedHeader = "x-envoy-overloaded";

    /// <summary>Body of a route or per-try timeout reply.</summary>
    public const string RequestTimeoutText = "upstream request timeout";

    /// <summary>Body of a fault abort reply.</summary>
    public const string FaultAbortText = "fault filter abort";

    private const string ResetPrefix = "upstream connect error or disconnect/reset before headers. ";
    private const string RetriedInfix = "retried and the latest ";

    private static readonly ReplyBody OverflowBody = new(ResetPrefix + "reset reason: overflow");
    private static readonly ReplyBody OverflowRetriedBody = new(ResetPrefix + RetriedInfix + "reset reason: overflow");
    private static readonly ReplyBody NoHealthyUpstreamBody = new("no healthy upstream");
    private static readonly ReplyBody RequestTimeoutBody = new(RequestTimeoutText);
    private static readonly ReplyBody FaultAbortBody = new(FaultAbortText);

    // Indexed by (int)UpstreamFailure * 2 + (retried ? 1 : 0); preallocated so failure replies do not format strings.
    private static readonly ReplyBody[] ResetBodies = BuildResetBodies();

    /// <summary>503 UO: a circuit breaker overflowed; adds <c>x-envoy-overloaded: true</c>.</summary>
    /// <param name="retried">Whether earlier attempts of this request were made (adds <c>retried and the latest </c>).</param>
    /// <param name="grpc">Whether the request is gRPC.</param>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage Overflow(bool retried = false, bool grpc = false)
    {
        var response = Create(HttpStatusCode.ServiceUnavailable, retried ? OverflowRetriedBody : OverflowBody, grpc);

        // Envoy adds the header through the local reply's header callback, so the gRPC form has it too.
        response.Headers.TryAddWithoutValidation(OverloadedHeader, "true");
        return response;
    }

    /// <summary>503 UH: no healthy endpoint (all ejected, or the subset is empty).</summary>
    /// <param name="grpc">Whether the request is gRPC.</param>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage NoHealthyUpstream(bool grpc = false) =>
        Create(HttpStatusCode.ServiceUnavailable, NoHealthyUpstreamBody, grpc);

    /// <summary>504 UT <c>upstream request timeout</c>: the route timeout or a final per-try timeout expired.</summary>
    /// <param name="grpc">Whether the request is gRPC.</param>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage RequestTimeout(bool grpc = false) =>
        Create(HttpStatusCode.GatewayTimeout, RequestTimeoutBody, grpc);

    /// <summary>The reply for an attempt that failed without a response, after retries if any.</summary>
    /// <param name="failure">How the last attempt failed.</param>
    /// <param name="retried">Whether at least one retry happened (adds <c>retried and the latest </c>).</param>
    /// <param name="grpc">Whether the request is gRPC.</param>
    /// <returns>A new response: 504 for a per-try timeout, 502 for a protocol error, else 503.</returns>
    public static HttpResponseMessage ForFailure(UpstreamFailure failure, bool retried = false, bool grpc = false)
    {
        if (failure == UpstreamFailure.PerTryTimeout)
        {
            return RequestTimeout(grpc);
        }

        var status = failure == UpstreamFailure.ProtocolError ? HttpStatusCode.BadGateway : HttpStatusCode.ServiceUnavailable;
        return Create(status, ResetBodies[ResetIndex(failure, retried)], grpc);
    }

    /// <summary>
    /// The reply for an attempt whose connection failed in the TLS handshake: Envoy names the reset reason
    /// <c>connection failure</c> and appends the transport failure reason. Without a reason, as <see cref="ForFailure(UpstreamFailure, bool, bool)"/>.
    /// </summary>
    /// <param name="failure">How the last attempt failed.</param>
    /// <param name="retried">Whether at least one retry happened (adds <c>retried and the latest </c>).</param>
    /// <param name="grpc">Whether the request is gRPC.</param>
    /// <param name="transportFailureReason">The TLS layer's reason (<see cref="TransportFailureReason.Of"/>), or null.</param>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage ForFailure(UpstreamFailure failure, bool retried, bool grpc, string? transportFailureReason)
    {
        if (transportFailureReason is null || failure != UpstreamFailure.ConnectFailure)
        {
            return ForFailure(failure, retried, grpc);
        }

        var text = string.Concat(ResetPrefix, retried ? RetriedInfix : string.Empty, "reset reason: connection failure, transport failure reason: ", transportFailureReason);
        return Create(HttpStatusCode.ServiceUnavailable, new ReplyBody(text), grpc);
    }

    /// <summary>The body text of a reset reply, e.g. <c>... reset reason: remote connection failure</c>.</summary>
    /// <param name="failure">How the last attempt failed.</param>
    /// <param name="retried">Whether at least one retry happened.</param>
    /// <returns>The text.</returns>
    public static string ResetText(UpstreamFailure failure, bool retried) => ResetBodies[ResetIndex(failure, retried)].Text;

    /// <summary>FI: the fault filter aborted the request with body <c>fault filter abort</c>.</summary>
    /// <param name="status">The configured <c>httpStatus</c> (200 for a <c>grpcStatus</c> abort).</param>
    /// <param name="grpc">Whether the request is gRPC.</param>
    /// <param name="grpcStatus">The configured <c>grpcStatus</c>, or null to map it from <paramref name="status"/>.</param>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage FaultAbort(int status, bool grpc = false, int? grpcStatus = null) =>
        Create((HttpStatusCode)status, FaultAbortBody, grpc, grpcStatus);

    /// <summary>404 NR: the host has routes but none matched; empty body.</summary>
    /// <param name="grpc">Whether the request is gRPC.</param>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage NoRoute(bool grpc = false) => Create(HttpStatusCode.NotFound, body: null, grpc);

    /// <summary>503 NC: the route names a cluster (subset) that does not exist; empty body.</summary>
    /// <param name="grpc">Whether the request is gRPC.</param>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage NoCluster(bool grpc = false) => Create(HttpStatusCode.ServiceUnavailable, body: null, grpc);

    /// <summary>502: Istio's <c>block_all</c> route for unknown hosts under REGISTRY_ONLY; empty body.</summary>
    /// <param name="grpc">Whether the request is gRPC.</param>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage BlackHole(bool grpc = false) => Create(HttpStatusCode.BadGateway, body: null, grpc);

    /// <summary>The response flag Envoy records for a local reply.</summary>
    /// <param name="kind">The reply.</param>
    /// <returns>The flag; <see cref="ResponseFlags.UpstreamConnectionFailure"/> for a connect failure (see <see cref="FlagFor(UpstreamFailure)"/>).</returns>
    public static ResponseFlags FlagFor(LocalReplyKind kind) => kind switch
    {
        LocalReplyKind.Overflow => ResponseFlags.UpstreamOverflow,
        LocalReplyKind.NoHealthyUpstream => ResponseFlags.NoHealthyUpstream,
        LocalReplyKind.UpstreamRequestTimeout => ResponseFlags.UpstreamRequestTimeout,
        LocalReplyKind.ConnectFailure => ResponseFlags.UpstreamConnectionFailure,
        LocalReplyKind.FaultAbort => ResponseFlags.FaultInjected,
        LocalReplyKind.NoRoute => ResponseFlags.NoRoute,
        LocalReplyKind.NoCluster => ResponseFlags.NoClusterFound,
        _ => ResponseFlags.None,
    };

    /// <summary>The response flag Envoy records for a failed attempt (<c>streamResetReasonToResponseFlag</c>).</summary>
    /// <param name="failure">How the attempt failed.</param>
    /// <returns>The flag; the router adds <see cref="ResponseFlags.UpstreamRetryLimitExceeded"/> when retries ran out.</returns>
    public static ResponseFlags FlagFor(UpstreamFailure failure) => failure switch
    {
        UpstreamFailure.ConnectFailure or UpstreamFailure.ConnectTimeout or UpstreamFailure.LocalConnectionFailure
            => ResponseFlags.UpstreamConnectionFailure,
        UpstreamFailure.ConnectionTermination => ResponseFlags.UpstreamConnectionTermination,
        UpstreamFailure.RemoteReset or UpstreamFailure.RefusedStream => ResponseFlags.UpstreamRemoteReset,
        UpstreamFailure.ProtocolError => ResponseFlags.UpstreamProtocolError,
        UpstreamFailure.PerTryTimeout => ResponseFlags.UpstreamRequestTimeout,
        UpstreamFailure.LocalReset => ResponseFlags.LocalReset,
        _ => ResponseFlags.None,
    };

    /// <summary>Envoy's <c>httpToGrpcStatus</c>.</summary>
    /// <param name="status">HTTP status code.</param>
    /// <returns>The gRPC status code.</returns>
    public static int HttpToGrpcStatus(int status) => status switch
    {
        400 => 13,
        401 => 16,
        403 => 7,
        404 => 12,
        429 or 502 or 503 or 504 => 14,
        _ => 2,
    };

    private static HttpResponseMessage Create(HttpStatusCode status, ReplyBody? body, bool grpc, int? grpcStatus = null)
    {
        HttpResponseMessage response;
        if (grpc)
        {
            response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
            response.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
            response.Headers.TryAddWithoutValidation(
                "grpc-status",
                (grpcStatus ?? HttpToGrpcStatus((int)status)).ToString(CultureInfo.InvariantCulture));

            // Envoy sets grpc-message only when there is a body text.
            if (body is not null)
            {
                response.Headers.TryAddWithoutValidation("grpc-message", body.Text);
            }
        }
        else if (body is not null)
        {
            response = new HttpResponseMessage(status) { Content = new ByteArrayContent(body.Bytes) };
            response.Content.Headers.TryAddWithoutValidation("content-type", "text/plain");
        }
        else
        {
            // Envoy sends no content type with an empty local reply.
            response = new HttpResponseMessage(status);
        }

        response.Headers.TryAddWithoutValidation("server", "envoy");
        return response;
    }

    // Failures without a reset reason of their own (None, CallerCancelled) read as a local reset.
    private static int ResetIndex(UpstreamFailure failure, bool retried) =>
        ((ResetReason(failure) is null ? (int)UpstreamFailure.LocalReset : (int)failure) * 2) + (retried ? 1 : 0);

    private static string? ResetReason(UpstreamFailure failure) => failure switch
    {
        UpstreamFailure.ConnectFailure => "remote connection failure",
        UpstreamFailure.ConnectTimeout => "connection timeout",
        UpstreamFailure.LocalConnectionFailure => "local connection failure",
        UpstreamFailure.ConnectionTermination => "connection termination",
        UpstreamFailure.RemoteReset => "remote reset",
        UpstreamFailure.RefusedStream => "remote refused stream reset",
        UpstreamFailure.ProtocolError => "protocol error",
        UpstreamFailure.LocalReset => "local reset",
        _ => null,
    };

    private static ReplyBody[] BuildResetBodies()
    {
        var failures = Enum.GetValues<UpstreamFailure>();
        var bodies = new ReplyBody[failures.Length * 2];
        foreach (var failure in failures)
        {
            var text = "reset reason: " + (ResetReason(failure) ?? "local reset");
            bodies[(int)failure * 2] = new ReplyBody(ResetPrefix + text);
            bodies[((int)failure * 2) + 1] = new ReplyBody(ResetPrefix + RetriedInfix + text);
        }

        return bodies;
    }
}
