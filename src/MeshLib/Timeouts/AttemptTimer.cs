namespace MeshLib.Timeouts;

/// <summary>
/// The cancellation source that times one attempt. With the system clock a source is reused (reset after each
/// attempt, as Polly's timeout strategy pools them), so an attempt costs a timer update rather than an allocation;
/// another <see cref="TimeProvider"/> (tests) gets a new source from that provider.
/// </summary>
internal static class AttemptTimer
{
    // One spare per thread: taken when an attempt starts, put back when it ends, whichever thread that is on.
    [ThreadStatic]
    private static CancellationTokenSource? t_spare;

    /// <summary>A source that cancels after <paramref name="timeout"/>.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="timeout">The timeout.</param>
    /// <returns>The source; give it back with <see cref="Stop"/>.</returns>
    public static CancellationTokenSource Start(TimeProvider timeProvider, TimeSpan timeout)
    {
        if (timeProvider != TimeProvider.System)
        {
            return new CancellationTokenSource(timeout, timeProvider);
        }

        var source = t_spare ?? new CancellationTokenSource();
        t_spare = null;
        source.CancelAfter(timeout);
        return source;
    }

    /// <summary>Stops the timer and keeps the source for reuse when it was not cancelled; disposes it otherwise.</summary>
    /// <param name="timeProvider">The clock given to <see cref="Start"/>.</param>
    /// <param name="source">The source.</param>
    public static void Stop(TimeProvider timeProvider, CancellationTokenSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (timeProvider == TimeProvider.System && source.TryReset())
        {
            t_spare = source;
            return;
        }

        source.Dispose();
    }
}
