namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>HTTPFaultInjection.Abort</c>: requests answered with an error instead of forwarded.</summary>
public sealed record AbortConfig : ConfigElement
{
    /// <summary>HTTP status code to return (oneof error type); default: none.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>gRPC status code name to return, e.g. UNAVAILABLE (oneof error type); default: none.</summary>
    public string? GrpcStatus { get; init; }

    /// <summary>HTTP/2 error to return (oneof error type; not supported by Istio); default: none.</summary>
    public string? Http2Error { get; init; }

    /// <summary>Share of requests aborted; default: 0% when absent.</summary>
    public PercentConfig? Percentage { get; init; }
}
