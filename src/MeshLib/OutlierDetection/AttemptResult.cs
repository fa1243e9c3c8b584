namespace MeshLib.OutlierDetection;

/// <summary>
/// The outcome of one upstream attempt as fed to <see cref="OutlierDetector.Report(int, AttemptResult)"/>.
/// Circuit-breaker overflow and fault-injected aborts never reach an endpoint and must not be reported.
/// </summary>
internal readonly record struct AttemptResult
{
    private AttemptResult(AttemptResultKind kind, int statusCode)
    {
        Kind = kind;
        StatusCode = statusCode;
    }

    /// <summary>What happened.</summary>
    public AttemptResultKind Kind { get; }

    /// <summary>The HTTP status when <see cref="Kind"/> is <see cref="AttemptResultKind.Response"/>, else 0.</summary>
    public int StatusCode { get; }

    /// <summary>Whether the failure (or success) was seen locally rather than answered by the upstream.</summary>
    public bool IsLocalOrigin => Kind != AttemptResultKind.Response;

    /// <summary>A connection to the endpoint was established.</summary>
    public static AttemptResult ConnectSuccess { get; } = new(AttemptResultKind.ConnectSuccess, 0);

    /// <summary>The connection was refused or failed.</summary>
    public static AttemptResult ConnectFailure { get; } = new(AttemptResultKind.ConnectFailure, 0);

    /// <summary>The connect timeout elapsed.</summary>
    public static AttemptResult ConnectTimeout { get; } = new(AttemptResultKind.ConnectTimeout, 0);

    /// <summary>The connection was reset or terminated before response headers.</summary>
    public static AttemptResult Reset { get; } = new(AttemptResultKind.Reset, 0);

    /// <summary>The per-try or route timeout elapsed while waiting for this endpoint.</summary>
    public static AttemptResult Timeout { get; } = new(AttemptResultKind.Timeout, 0);

    /// <summary>The upstream answered with <paramref name="statusCode"/>.</summary>
    /// <param name="statusCode">The HTTP status of the upstream response.</param>
    /// <returns>The result.</returns>
    public static AttemptResult Response(int statusCode) => new(AttemptResultKind.Response, statusCode);

    /// <summary>
    /// A gRPC response whose <c>grpc-status</c> came in the response headers: Envoy feeds outlier detection
    /// the HTTP status mapped from it (<c>grpcToHttpStatus</c>), not the 200 on the wire.
    /// </summary>
    /// <param name="grpcStatus">The numeric <c>grpc-status</c>.</param>
    /// <returns>The result.</returns>
    public static AttemptResult GrpcResponse(int grpcStatus) => Response(grpcStatus switch
    {
        0 => 200,
        1 => 499,
        3 or 9 or 11 => 400,
        4 => 504,
        5 => 404,
        6 or 10 => 409,
        7 => 403,
        8 => 429,
        12 => 501,
        14 => 503,
        16 => 401,
        _ => 500,
    });
}
