using System.Globalization;
using System.Net.Http;
using MeshLib.Configuration.VirtualService;
using MeshLib.Replies;

namespace MeshLib.Retries;

/// <summary>
/// The compiled retry policy of one route, as Istio converts <c>HTTPRetry</c> for Envoy
/// (<c>pilot/pkg/networking/core/route/retry/retry.go</c>). Immutable; built once per route.
/// </summary>
internal sealed class RetryPolicy
{
    /// <summary>Envoy's default base back-off interval.</summary>
    public static readonly TimeSpan DefaultBaseInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>The <c>retryOn</c> Istio writes when a route has no <c>retries</c> field.</summary>
    public const string DefaultRetryOn = "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";

    private const int DefaultAttempts = 2;

    // Go's http.StatusText: Istio takes an integer token as a status code only when Go knows its reason phrase.
    private static readonly HashSet<int> KnownStatusCodes =
    [
        100, 101, 102, 103,
        200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
        300, 301, 302, 303, 304, 305, 307, 308,
        400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418,
        421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
        500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
    ];

    private readonly int[] _retriableStatusCodes;

    private RetryPolicy(
        int maxRetries,
        RetryOn retryOn,
        int[] retriableStatusCodes,
        TimeSpan? perTryTimeout,
        TimeSpan baseInterval,
        bool? retryIgnorePreviousHosts,
        bool retryRemoteLocalities)
    {
        MaxRetries = maxRetries;
        RetryOn = retryOn;
        _retriableStatusCodes = retriableStatusCodes;
        PerTryTimeout = perTryTimeout;
        BaseInterval = baseInterval;
        MaxInterval = baseInterval * 10;
        RetryIgnorePreviousHostsSetting = retryIgnorePreviousHosts;
        RetryRemoteLocalities = retryRemoteLocalities;
    }

    /// <summary>Istio's policy for a route without <c>retries</c>: 2 retries on connect failure, refused stream, gRPC unavailable/cancelled.</summary>
    public static RetryPolicy Default { get; } = CreateDefault();

    /// <summary>No retries (<c>attempts &lt;= 0</c>).</summary>
    public static RetryPolicy Disabled { get; } = new(0, RetryOn.None, [], null, DefaultBaseInterval, null, false);

    /// <summary>Retries after the first try (Envoy <c>num_retries</c>); 0 when retries are disabled.</summary>
    public int MaxRetries { get; }

    /// <summary>The parsed retry conditions.</summary>
    public RetryOn RetryOn { get; }

    /// <summary>Status codes retried under <see cref="RetryOn.RetriableStatusCodes"/>.</summary>
    public IReadOnlyList<int> RetriableStatusCodes => _retriableStatusCodes;

    /// <summary>
    /// The configured per-try timeout, or null. Envoy ignores it when it is not shorter than the route timeout;
    /// that rule is applied per request (<see cref="Timeouts.RequestTimeouts"/>) because headers may change either.
    /// </summary>
    public TimeSpan? PerTryTimeout { get; }

    /// <summary>Back-off base interval (<c>backoff</c>, default 25 ms).</summary>
    public TimeSpan BaseInterval { get; }

    /// <summary>Back-off cap: 10 × base, as Istio leaves Envoy's <c>max_interval</c> unset.</summary>
    public TimeSpan MaxInterval { get; }

    /// <summary><c>retryIgnorePreviousHosts</c> as written, or null when absent.</summary>
    public bool? RetryIgnorePreviousHostsSetting { get; }

    /// <summary><c>retryRemoteLocalities</c> (default false).</summary>
    public bool RetryRemoteLocalities { get; }

    /// <summary>Whether the policy can retry at all.</summary>
    public bool IsEnabled => MaxRetries > 0;

    /// <summary>Creates the policy for a route's <c>retries</c> field (null when the field is absent).</summary>
    /// <param name="config">The route's <c>retries</c>, or null for Istio's default policy.</param>
    /// <returns>The compiled policy.</returns>
    public static RetryPolicy FromConfig(HttpRetryConfig? config)
    {
        if (config is null)
        {
            return Default;
        }

        // A retries block without attempts (or attempts <= 0) disables retries, as Istio does.
        if (config.Attempts is not > 0)
        {
            return Disabled;
        }

        var (retryOn, codes) = string.IsNullOrEmpty(config.RetryOn) ? (DefaultFlags(), []) : ParseRetryOn(config.RetryOn);
        var baseInterval = config.Backoff is { } backoff && backoff.ToTimeSpan() >= TimeSpan.FromMilliseconds(1)
            ? TimeSpan.FromMilliseconds(backoff.TotalMilliseconds)
            : DefaultBaseInterval;
        var perTry = config.PerTryTimeout is { } p && p.ToTimeSpan() > TimeSpan.Zero ? p.ToTimeSpan() : (TimeSpan?)null;
        return new RetryPolicy(
            config.Attempts.Value,
            retryOn,
            codes,
            perTry,
            baseInterval,
            config.RetryIgnorePreviousHosts,
            config.RetryRemoteLocalities ?? false);
    }

    /// <summary>
    /// Parses a comma-separated <c>retryOn</c> as Istio does: integer tokens with a known HTTP reason phrase become
    /// retriable status codes (and turn on <c>retriable-status-codes</c>); unknown tokens are ignored (validation reports them).
    /// </summary>
    /// <param name="retryOn">The <c>retryOn</c> text.</param>
    /// <returns>The conditions and the status codes.</returns>
    public static (RetryOn Flags, int[] StatusCodes) ParseRetryOn(string retryOn)
    {
        ArgumentNullException.ThrowIfNull(retryOn);
        var flags = RetryOn.None;
        List<int>? codes = null;
        foreach (var range in retryOn.AsSpan().Split(','))
        {
            var token = retryOn.AsSpan()[range].Trim();
            if (token.IsEmpty)
            {
                continue;
            }

            if (int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) && KnownStatusCodes.Contains(code))
            {
                codes ??= [];
                if (!codes.Contains(code))
                {
                    codes.Add(code);
                }

                flags |= RetryOn.RetriableStatusCodes;
                continue;
            }

            flags |= ParseToken(token);
        }

        return (flags, codes is null ? [] : [.. codes]);
    }

    /// <summary>Whether a response from an attempt should be retried (Envoy <c>wouldRetryFromHeaders</c>).</summary>
    /// <param name="response">The upstream response.</param>
    /// <returns><see langword="true"/> when a retry condition matches.</returns>
    public bool ShouldRetry(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (RetryOn == RetryOn.None)
        {
            return false;
        }

        const RetryOn grpcConditions = RetryOn.GrpcCancelled | RetryOn.GrpcDeadlineExceeded | RetryOn.GrpcInternal
            | RetryOn.GrpcResourceExhausted | RetryOn.GrpcUnavailable;
        var (rateLimited, grpcStatusText) = ReadSignals(response, wantGrpcStatus: (RetryOn & grpcConditions) != 0);

        // A rate-limited answer from an upstream Envoy is retried only under envoy-ratelimited.
        if (rateLimited)
        {
            return (RetryOn & RetryOn.EnvoyRateLimited) != 0;
        }

        var status = (int)response.StatusCode;
        if ((RetryOn & RetryOn.FiveXx) != 0 && status is >= 500 and <= 599)
        {
            return true;
        }

        if ((RetryOn & RetryOn.GatewayError) != 0 && status is 502 or 503 or 504)
        {
            return true;
        }

        if ((RetryOn & RetryOn.Retriable4xx) != 0 && status == 409)
        {
            return true;
        }

        if ((RetryOn & RetryOn.RetriableStatusCodes) != 0 && Array.IndexOf(_retriableStatusCodes, status) >= 0)
        {
            return true;
        }

        if (grpcStatusText is not null && int.TryParse(grpcStatusText, NumberStyles.None, CultureInfo.InvariantCulture, out var grpcStatus))
        {
            var condition = grpcStatus switch
            {
                1 => RetryOn.GrpcCancelled,
                4 => RetryOn.GrpcDeadlineExceeded,
                8 => RetryOn.GrpcResourceExhausted,
                13 => RetryOn.GrpcInternal,
                14 => RetryOn.GrpcUnavailable,
                _ => RetryOn.None,
            };
            return (RetryOn & condition) != 0;
        }

        // retriable-headers needs matchers that Istio never configures, so it matches nothing.
        return false;
    }

    /// <summary>Whether a failed attempt should be retried (Envoy <c>wouldRetryFromReset</c> and per-try timeout rules).</summary>
    /// <param name="failure">How the attempt failed.</param>
    /// <returns><see langword="true"/> when a retry condition matches.</returns>
    public bool ShouldRetry(UpstreamFailure failure)
    {
        const RetryOn anyReset = RetryOn.FiveXx | RetryOn.GatewayError | RetryOn.Reset;
        return failure switch
        {
            UpstreamFailure.ConnectFailure or UpstreamFailure.ConnectTimeout or UpstreamFailure.LocalConnectionFailure
                => (RetryOn & (anyReset | RetryOn.ConnectFailure | RetryOn.ResetBeforeRequest)) != 0,
            UpstreamFailure.RefusedStream
                => (RetryOn & (anyReset | RetryOn.RefusedStream | RetryOn.ResetBeforeRequest)) != 0,

            // Request bytes may have been sent, so reset-before-request does not apply.
            UpstreamFailure.ConnectionTermination or UpstreamFailure.RemoteReset or UpstreamFailure.ProtocolError
                or UpstreamFailure.LocalReset or UpstreamFailure.PerTryTimeout
                => (RetryOn & anyReset) != 0,
            _ => false,
        };
    }

    /// <summary>Whether retries avoid hosts already tried; Istio drops the predicate for consistent-hash destinations unless set.</summary>
    /// <param name="consistentHash">Whether the destination uses consistent-hash load balancing.</param>
    /// <returns><see langword="true"/> to prefer untried hosts.</returns>
    public bool RetryIgnorePreviousHosts(bool consistentHash) => RetryIgnorePreviousHostsSetting ?? !consistentHash;

    /// <summary>The exclusive upper bound of the back-off before retry <paramref name="retry"/> (1-based), as Envoy's jittered back-off.</summary>
    /// <param name="retry">The retry number: 1 for the first retry.</param>
    /// <returns>The interval; the wait is uniform in [0, interval).</returns>
    public TimeSpan BackoffInterval(int retry)
    {
        var interval = (long)BaseInterval.TotalMilliseconds;
        var max = (long)MaxInterval.TotalMilliseconds;

        // Envoy doubles while the interval is at most half the cap, then stays at the cap.
        for (var i = 1; i < retry && interval < max; i++)
        {
            interval = interval > max / 2 ? max : interval * 2;
        }

        return TimeSpan.FromMilliseconds(interval);
    }

    /// <summary>The back-off before retry <paramref name="retry"/>: full jitter in whole milliseconds (Envoy's <c>random % interval</c>).</summary>
    /// <param name="retry">The retry number: 1 for the first retry.</param>
    /// <param name="random">A draw in [0, 1).</param>
    /// <returns>The delay.</returns>
    public TimeSpan Backoff(int retry, double random)
    {
        var interval = (long)BackoffInterval(retry).TotalMilliseconds;
        var ms = Math.Clamp((long)(random * interval), 0, interval - 1);
        return TimeSpan.FromMilliseconds(ms);
    }

    private static RetryPolicy CreateDefault()
    {
        var (flags, codes) = ParseRetryOn(DefaultRetryOn);
        return new RetryPolicy(DefaultAttempts, flags, codes, null, DefaultBaseInterval, null, false);
    }

    private static RetryOn DefaultFlags() => ParseRetryOn(DefaultRetryOn).Flags;

    // One pass over the response headers: looking the two names up would parse and validate each name per response.
    private static (bool RateLimited, string? GrpcStatus) ReadSignals(HttpResponseMessage response, bool wantGrpcStatus)
    {
        var rateLimited = false;
        string? grpcStatus = null;
        foreach (var header in response.Headers.NonValidated)
        {
            if (string.Equals(header.Key, "x-envoy-ratelimited", StringComparison.OrdinalIgnoreCase))
            {
                rateLimited = true;
            }
            else if (wantGrpcStatus && grpcStatus is null && string.Equals(header.Key, "grpc-status", StringComparison.OrdinalIgnoreCase))
            {
                // The first value, as Envoy reads a repeated grpc-status.
                var values = header.Value;
                foreach (var value in values)
                {
                    grpcStatus = value;
                    break;
                }
            }
        }

        return (rateLimited, grpcStatus);
    }

    private static RetryOn ParseToken(ReadOnlySpan<char> token) => token switch
    {
        "5xx" => RetryOn.FiveXx,
        "gateway-error" => RetryOn.GatewayError,
        "reset" => RetryOn.Reset,
        "reset-before-request" => RetryOn.ResetBeforeRequest,
        "connect-failure" => RetryOn.ConnectFailure,
        "retriable-4xx" => RetryOn.Retriable4xx,
        "refused-stream" => RetryOn.RefusedStream,
        "retriable-status-codes" => RetryOn.RetriableStatusCodes,
        "retriable-headers" => RetryOn.RetriableHeaders,
        "envoy-ratelimited" => RetryOn.EnvoyRateLimited,
        "http3-post-connect-failure" => RetryOn.Http3PostConnectFailure,
        "cancelled" => RetryOn.GrpcCancelled,
        "deadline-exceeded" => RetryOn.GrpcDeadlineExceeded,
        "internal" => RetryOn.GrpcInternal,
        "resource-exhausted" => RetryOn.GrpcResourceExhausted,
        "unavailable" => RetryOn.GrpcUnavailable,
        _ => RetryOn.None,
    };
}
