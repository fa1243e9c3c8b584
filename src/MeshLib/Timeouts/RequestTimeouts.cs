namespace MeshLib.Timeouts;

/// <summary>
/// The timeouts in force for one request after Envoy's <c>finalTimeout</c>: header overrides replace the route's
/// values, and a per-try timeout not shorter than the global one is dropped.
/// </summary>
/// <param name="Global">The route (global) timeout covering all attempts, or null for none.</param>
/// <param name="PerTry">The per-try timeout, or null for none.</param>
internal readonly record struct RequestTimeouts(TimeSpan? Global, TimeSpan? PerTry)
{
    /// <summary>Applies header overrides and Envoy's per-try rule.</summary>
    /// <param name="routeTimeout">The route's <c>timeout</c>, or null.</param>
    /// <param name="perTryTimeout">The route's <c>retries.perTryTimeout</c>, or null.</param>
    /// <param name="overrides">Values from <c>x-envoy-upstream-rq-timeout-ms</c> / <c>-per-try-timeout-ms</c>.</param>
    /// <returns>The timeouts in force.</returns>
    public static RequestTimeouts Resolve(TimeSpan? routeTimeout, TimeSpan? perTryTimeout, TimeoutOverrides overrides)
    {
        // A zero header value disables the timeout, as Envoy treats 0 as infinite.
        var global = overrides.Global is { } g ? g : routeTimeout;
        var perTry = overrides.PerTry is { } p ? p : perTryTimeout;
        if (global is { } gt && gt <= TimeSpan.Zero)
        {
            global = null;
        }

        if (perTry is { } pt && (pt <= TimeSpan.Zero || (global is { } limit && pt >= limit)))
        {
            perTry = null;
        }

        return new RequestTimeouts(global, perTry);
    }
}
