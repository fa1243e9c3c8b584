using System.Globalization;
using System.Net.Http.Headers;

namespace MeshLib.Timeouts;

/// <summary>Envoy's timeout request headers: read (when the caller is trusted) and always stripped before forwarding.</summary>
internal static class TimeoutHeaders
{
    /// <summary>Caller override of the route timeout, in milliseconds.</summary>
    public const string UpstreamRequestTimeoutMs = "x-envoy-upstream-rq-timeout-ms";

    /// <summary>Caller override of the per-try timeout, in milliseconds.</summary>
    public const string UpstreamRequestPerTryTimeoutMs = "x-envoy-upstream-rq-per-try-timeout-ms";

    /// <summary>Set on each upstream attempt: the time the upstream is expected to have, in milliseconds.</summary>
    public const string ExpectedRequestTimeoutMs = "x-envoy-expected-rq-timeout-ms";

    /// <summary>
    /// Reads the override headers and removes them (and any caller-sent <c>x-envoy-expected-rq-timeout-ms</c>) from
    /// <paramref name="headers"/>. Values must be unsigned integers, as Envoy's <c>SimpleAtoi</c>; others are ignored.
    /// </summary>
    /// <param name="headers">The request headers.</param>
    /// <param name="honour">False on gateway listeners: headers are stripped but not used.</param>
    /// <returns>The overrides.</returns>
    public static TimeoutOverrides ReadAndStrip(HttpRequestHeaders headers, bool honour = true)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.NonValidated.Count == 0)
        {
            return default;
        }

        var global = Take(headers, UpstreamRequestTimeoutMs);
        var perTry = Take(headers, UpstreamRequestPerTryTimeoutMs);
        headers.Remove(ExpectedRequestTimeoutMs);
        return honour ? new TimeoutOverrides(global, perTry) : default;
    }

    /// <summary>Parses a header value as Envoy does (<c>absl::SimpleAtoi</c> into uint64 milliseconds).</summary>
    /// <param name="value">The header value.</param>
    /// <param name="timeout">The timeout.</param>
    /// <returns><see langword="true"/> when the value is valid.</returns>
    public static bool TryParseMilliseconds(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (!ulong.TryParse(value.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
        {
            return false;
        }

        // Capped at int.MaxValue ms (~24.8 days), beyond which timers cannot be armed.
        timeout = TimeSpan.FromMilliseconds(Math.Min(ms, int.MaxValue));
        return true;
    }

    private static TimeSpan? Take(HttpRequestHeaders headers, string name)
    {
        if (!headers.NonValidated.TryGetValues(name, out var values))
        {
            return null;
        }

        TimeSpan? result = null;
        foreach (var value in values)
        {
            result = TryParseMilliseconds(value, out var timeout) ? timeout : null;
            break;
        }

        headers.Remove(name);
        return result;
    }
}
