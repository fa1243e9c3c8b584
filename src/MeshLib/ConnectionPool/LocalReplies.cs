using System.Net;
using System.Text;

namespace MeshLib.ConnectionPool;

/// <summary>
/// Envoy's local replies as <see cref="HttpResponseMessage"/>s. Every call returns a new response owned by the caller;
/// bodies are shared immutable bytes encoded once. Replies with a body carry <c>content-type: text/plain</c>; every
/// reply carries <c>server: envoy</c>, which Istio's sidecar sets on all responses.
/// </summary>
internal static class LocalReplies
{
    /// <summary>The header Envoy adds to overflow replies.</summary>
    public const string OverloadedHeader = "x-envoy-overloaded";

    private const string ResetPrefix = "upstream connect error or disconnect/reset before headers. ";
    private const string RetriedInfix = "retried and the latest ";

    private static readonly byte[] OverflowBody = Encode(ResetPrefix + "reset reason: overflow");
    private static readonly byte[] OverflowRetriedBody = Encode(ResetPrefix + RetriedInfix + "reset reason: overflow");
    private static readonly byte[] NoHealthyUpstreamBody = Encode("no healthy upstream");
    private static readonly byte[] TimeoutBody = Encode("upstream request timeout");
    private static readonly byte[] FaultAbortBody = Encode("fault filter abort");

    // Indexed by (int)reason * 2 + (retried ? 1 : 0).
    private static readonly byte[][] ResetBodies = BuildResetBodies();

    /// <summary>503 UO: a circuit breaker overflowed.</summary>
    /// <param name="retried">Whether earlier attempts of this request were made.</param>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage Overflow(bool retried = false)
    {
        var response = WithBody(HttpStatusCode.ServiceUnavailable, retried ? OverflowRetriedBody : OverflowBody);
        response.Headers.TryAddWithoutValidation(OverloadedHeader, "true");
        return response;
    }

    /// <summary>503 UH: no healthy endpoint (all ejected, or the subset is empty).</summary>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage NoHealthyUpstream() => WithBody(HttpStatusCode.ServiceUnavailable, NoHealthyUpstreamBody);

    /// <summary>504 UT: the route timeout or a final per-try timeout expired.</summary>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage UpstreamRequestTimeout() => WithBody(HttpStatusCode.GatewayTimeout, TimeoutBody);

    /// <summary>503 (502 for <see cref="UpstreamResetReason.ProtocolError"/>): the attempt failed before headers.</summary>
    /// <param name="reason">Why the last attempt failed.</param>
    /// <param name="retried">Whether earlier attempts were made (adds <c>retried and the latest </c>).</param>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage ConnectFailure(UpstreamResetReason reason = UpstreamResetReason.RemoteConnectionFailure, bool retried = false)
    {
        var index = (int)reason;
        ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(reason));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index * 2, ResetBodies.Length, nameof(reason));
        var status = reason == UpstreamResetReason.ProtocolError ? HttpStatusCode.BadGateway : HttpStatusCode.ServiceUnavailable;
        return WithBody(status, ResetBodies[(index * 2) + (retried ? 1 : 0)]);
    }

    /// <summary>FI: the fault filter aborted the request.</summary>
    /// <param name="statusCode">The configured <c>httpStatus</c>.</param>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage FaultAbort(int statusCode) => WithBody((HttpStatusCode)statusCode, FaultAbortBody);

    /// <summary>404 NR: the host has routes but none matched; empty body.</summary>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage NoRoute() => Empty(HttpStatusCode.NotFound);

    /// <summary>503 NC: the route names a cluster (subset) that does not exist; empty body.</summary>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage NoCluster() => Empty(HttpStatusCode.ServiceUnavailable);

    /// <summary>502: Istio's <c>block_all</c> route for unknown hosts under REGISTRY_ONLY; empty body.</summary>
    /// <returns>A new response.</returns>
    public static HttpResponseMessage BlackHole() => Empty(HttpStatusCode.BadGateway);

    /// <summary>The response flag Envoy records for a local reply.</summary>
    /// <param name="kind">The reply.</param>
    /// <returns>The flag; <see cref="ResponseFlags.UF"/> for a connect failure (see the reason overload).</returns>
    public static ResponseFlags Flag(LocalReplyKind kind) => kind switch
    {
        LocalReplyKind.Overflow => ResponseFlags.UO,
        LocalReplyKind.NoHealthyUpstream => ResponseFlags.UH,
        LocalReplyKind.UpstreamRequestTimeout => ResponseFlags.UT,
        LocalReplyKind.ConnectFailure => ResponseFlags.UF,
        LocalReplyKind.FaultAbort => ResponseFlags.FI,
        LocalReplyKind.NoRoute => ResponseFlags.NR,
        LocalReplyKind.NoCluster => ResponseFlags.NC,
        _ => ResponseFlags.None,
    };

    /// <summary>The response flag Envoy records for an upstream reset (its <c>streamResetReasonToResponseFlag</c>).</summary>
    /// <param name="reason">Why the attempt failed.</param>
    /// <returns>UF, UC, UR or UPE; the router adds <see cref="ResponseFlags.URX"/> when retries ran out.</returns>
    public static ResponseFlags Flag(UpstreamResetReason reason) => reason switch
    {
        UpstreamResetReason.ConnectionTermination => ResponseFlags.UC,
        UpstreamResetReason.RemoteReset or UpstreamResetReason.RemoteRefusedStreamReset => ResponseFlags.UR,
        UpstreamResetReason.ProtocolError => ResponseFlags.UPE,
        _ => ResponseFlags.UF,
    };

    /// <summary>Envoy's wording of a reset reason, as it appears after <c>reset reason: </c>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The text, such as <c>remote connection failure</c>.</returns>
    public static string ReasonText(UpstreamResetReason reason) => reason switch
    {
        UpstreamResetReason.RemoteConnectionFailure => "remote connection failure",
        UpstreamResetReason.LocalConnectionFailure => "local connection failure",
        UpstreamResetReason.ConnectionTimeout => "connection timeout",
        UpstreamResetReason.ConnectionTermination => "connection termination",
        UpstreamResetReason.RemoteReset => "remote reset",
        UpstreamResetReason.RemoteRefusedStreamReset => "remote refused stream reset",
        UpstreamResetReason.ProtocolError => "protocol error",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    private static HttpResponseMessage WithBody(HttpStatusCode status, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("content-type", "text/plain");
        var response = new HttpResponseMessage(status) { Content = content };
        response.Headers.TryAddWithoutValidation("server", "envoy");
        return response;
    }

    private static HttpResponseMessage Empty(HttpStatusCode status)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.TryAddWithoutValidation("server", "envoy");
        return response;
    }

    private static byte[][] BuildResetBodies()
    {
        var reasons = Enum.GetValues<UpstreamResetReason>();
        var bodies = new byte[reasons.Length * 2][];
        foreach (var reason in reasons)
        {
            var text = "reset reason: " + ReasonText(reason);
            bodies[(int)reason * 2] = Encode(ResetPrefix + text);
            bodies[((int)reason * 2) + 1] = Encode(ResetPrefix + RetriedInfix + text);
        }

        return bodies;
    }

    private static byte[] Encode(string text) => Encoding.ASCII.GetBytes(text);
}
