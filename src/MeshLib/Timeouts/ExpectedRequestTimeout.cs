namespace MeshLib.Timeouts;

/// <summary>The value of <c>x-envoy-expected-rq-timeout-ms</c> on an upstream attempt (Envoy <c>setTimeoutHeaders</c>).</summary>
internal static class ExpectedRequestTimeout
{
    /// <summary>
    /// The per-try timeout, else the global timeout, capped by the global time left; 1 ms when the global timeout
    /// has already run out; null when no timeout is in force (the header is then not sent).
    /// </summary>
    /// <param name="timeouts">The timeouts in force for the request.</param>
    /// <param name="elapsed">Time since the global timeout started.</param>
    /// <returns>Milliseconds, or null.</returns>
    public static long? Milliseconds(RequestTimeouts timeouts, TimeSpan elapsed)
    {
        var global = timeouts.Global is { } g ? (long)g.TotalMilliseconds : 0;
        var expected = timeouts.PerTry is { } p ? (long)p.TotalMilliseconds : global;
        if (expected <= 0)
        {
            return null;
        }

        if (global > 0)
        {
            var elapsedMs = (long)elapsed.TotalMilliseconds;
            expected = elapsedMs >= global ? 1 : Math.Min(expected, global - elapsedMs);
        }

        return expected;
    }
}
