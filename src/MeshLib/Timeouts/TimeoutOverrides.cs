namespace MeshLib.Timeouts;

/// <summary>Timeouts a trusted caller asked for with Envoy's request headers; null where no (valid) header was sent.</summary>
/// <param name="Global">From <c>x-envoy-upstream-rq-timeout-ms</c> (zero disables the route timeout).</param>
/// <param name="PerTry">From <c>x-envoy-upstream-rq-per-try-timeout-ms</c> (zero disables the per-try timeout).</param>
internal readonly record struct TimeoutOverrides(TimeSpan? Global, TimeSpan? PerTry)
{
    /// <summary>Whether either header was given.</summary>
    public bool Any => Global.HasValue || PerTry.HasValue;
}
