namespace Bookinfo.Apps;

/// <summary>The headers the Bookinfo apps propagate on their outbound calls (trace context and <c>end-user</c>).</summary>
internal static class Headers
{
    /// <summary>The header the real productpage sets from its session and the ratings VirtualServices match.</summary>
    public const string EndUser = "end-user";

    private static readonly string[] Propagated =
    [
        EndUser, "x-request-id", "user-agent", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled",
        "x-b3-flags", "traceparent", "tracestate",
    ];

    /// <summary>Copies the propagated headers of an incoming request onto an outbound one.</summary>
    public static void Propagate(HttpRequest incoming, HttpRequestMessage outbound)
    {
        foreach (var name in Propagated)
        {
            if (incoming.Headers.TryGetValue(name, out var value))
            {
                outbound.Headers.TryAddWithoutValidation(name, value.ToString());
            }
        }
    }
}
