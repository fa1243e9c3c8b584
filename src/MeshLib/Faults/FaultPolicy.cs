using MeshLib.Configuration.VirtualService;
using MeshLib.Replies;

namespace MeshLib.Faults;

/// <summary>
/// The compiled fault injection of one route, as Istio translates <c>HTTPFaultInjection</c> for Envoy's fault filter.
/// Immutable; built once per route. Probabilities are kept at Envoy's per-million precision.
/// </summary>
internal sealed class FaultPolicy
{
    private const double PerMillion = 1_000_000d;

    private FaultPolicy(TimeSpan delay, double delayProbability, int abortHttpStatus, int? abortGrpcStatus, double abortProbability)
    {
        Delay = delay;
        DelayProbability = delayProbability;
        AbortHttpStatus = abortHttpStatus;
        AbortGrpcStatus = abortGrpcStatus;
        AbortProbability = abortProbability;
    }

    /// <summary>The fixed delay; zero when there is no delay.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Share of requests delayed, in [0, 1].</summary>
    public double DelayProbability { get; }

    /// <summary>HTTP status of the abort (200 for a gRPC-status abort); 0 when there is no abort.</summary>
    public int AbortHttpStatus { get; }

    /// <summary>gRPC status of the abort, when <c>grpcStatus</c> was given.</summary>
    public int? AbortGrpcStatus { get; }

    /// <summary>Share of requests aborted, in [0, 1].</summary>
    public double AbortProbability { get; }

    /// <summary>Whether a delay can ever fire.</summary>
    public bool HasDelay => Delay > TimeSpan.Zero && DelayProbability > 0;

    /// <summary>Whether an abort can ever fire.</summary>
    public bool HasAbort => AbortHttpStatus != 0 && AbortProbability > 0;

    /// <summary>
    /// Compiles a route's <c>fault</c>; null when nothing can fire (no fault, 0% or missing percentages,
    /// unsupported <c>exponentialDelay</c> or <c>http2Error</c>), so the route gets no chaos strategies.
    /// </summary>
    /// <param name="config">The route's <c>fault</c>, or null.</param>
    /// <returns>The policy, or null.</returns>
    public static FaultPolicy? FromConfig(HttpFaultInjectionConfig? config)
    {
        if (config is null)
        {
            return null;
        }

        var delay = TimeSpan.Zero;
        var delayProbability = 0d;
        if (config.Delay is { FixedDelay: { } fixedDelay } d)
        {
            delay = fixedDelay.ToTimeSpan();
            delayProbability = d.Percentage is not null ? Probability(d.Percentage) : Math.Clamp(d.Percent ?? 0, 0, 100) / 100d;
        }

        var abortStatus = 0;
        int? grpcStatus = null;
        var abortProbability = 0d;
        if (config.Abort is { } a)
        {
            if (a.HttpStatus is { } http)
            {
                abortStatus = http;
            }
            else if (GrpcStatusNames.TryParse(a.GrpcStatus, out var code))
            {
                abortStatus = 200;
                grpcStatus = code;
            }

            // Abort has no deprecated integer share: no percentage means never.
            abortProbability = Probability(a.Percentage);
        }

        var policy = new FaultPolicy(delay, delayProbability, abortStatus, grpcStatus, abortProbability);
        return policy.HasDelay || policy.HasAbort ? policy : null;
    }

    /// <summary>
    /// Envoy's share for an Istio <c>Percent</c>: <c>uint32(value*10000)</c> per million (truncated); null → 0.
    /// </summary>
    /// <param name="percent">The percentage.</param>
    /// <returns>The probability in [0, 1].</returns>
    public static double Probability(PercentConfig? percent)
    {
        var value = percent?.Value ?? 0;
        if (!(value > 0))
        {
            return 0;
        }

        var numerator = (uint)Math.Min(value * 10_000, PerMillion);
        return numerator / PerMillion;
    }

    /// <summary>
    /// The abort reply: the configured status with body <c>fault filter abort</c>; for a gRPC request HTTP 200 with
    /// <c>grpc-status</c> (the configured one, else mapped from the HTTP status) and <c>grpc-message: fault filter abort</c>.
    /// </summary>
    /// <param name="grpcRequest">Whether the request is gRPC (Envoy's <c>is_grpc</c> for local replies).</param>
    /// <returns>A new response.</returns>
    public HttpResponseMessage CreateAbortResponse(bool grpcRequest) =>
        LocalReplies.FaultAbort(AbortHttpStatus, grpcRequest, AbortGrpcStatus);
}
