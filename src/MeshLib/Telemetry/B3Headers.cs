using System.Diagnostics;

namespace MeshLib.Telemetry;

/// <summary>
/// Zipkin B3 multi-header propagation (<c>x-b3-traceid</c>, <c>x-b3-spanid</c>, <c>x-b3-parentspanid</c>,
/// <c>x-b3-sampled</c>), which Istio's Envoy adds to every upstream request; W3C <c>traceparent</c> is added by
/// <see cref="SocketsHttpHandler"/>'s own propagator.
/// </summary>
internal static class B3Headers
{
    public const string TraceId = "x-b3-traceid";
    public const string SpanId = "x-b3-spanid";
    public const string ParentSpanId = "x-b3-parentspanid";
    public const string Sampled = "x-b3-sampled";

    /// <summary>Replaces the B3 headers of <paramref name="request"/> with the context of <paramref name="activity"/>.</summary>
    /// <param name="request">The upstream request (attempt).</param>
    /// <param name="activity">The span the upstream call belongs to.</param>
    public static void Apply(HttpRequestMessage request, Activity activity)
    {
        if (activity.IdFormat != ActivityIdFormat.W3C)
        {
            return;
        }

        var headers = request.Headers;
        headers.Remove(TraceId);
        headers.Remove(SpanId);
        headers.Remove(ParentSpanId);
        headers.Remove(Sampled);
        headers.TryAddWithoutValidation(TraceId, activity.TraceId.ToHexString());
        headers.TryAddWithoutValidation(SpanId, activity.SpanId.ToHexString());
        if (activity.ParentSpanId != default)
        {
            headers.TryAddWithoutValidation(ParentSpanId, activity.ParentSpanId.ToHexString());
        }

        headers.TryAddWithoutValidation(Sampled, activity.Recorded ? "1" : "0");
    }
}
