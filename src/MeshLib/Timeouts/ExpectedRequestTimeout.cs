using System.Globalization;

namespace MeshLib.Timeouts;

/// <summary>The value of <c>x-envoy-expected-rq-timeout-ms</c> on an upstream attempt (Envoy <c>setTimeoutHeaders</c>).</summary>
internal static class ExpectedRequestTimeout
{
    private const int TextCacheBits = 5;

    // Header values are mostly a route's per-try or route timeout, so the texts repeat; see Text.
    private static readonly TextEntry?[] Texts = new TextEntry?[1 << TextCacheBits];

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

    /// <summary>
    /// <paramref name="milliseconds"/> as header text. The same few values recur on every request of a route, so
    /// recent texts are kept in a small direct-mapped table instead of formatting a new string per attempt.
    /// </summary>
    /// <param name="milliseconds">The value.</param>
    /// <returns>The decimal text.</returns>
    public static string Text(long milliseconds)
    {
        // Fibonacci hashing: round values (multiples of 1,000) would share a few slots under a plain modulo.
        var slot = (int)(unchecked((ulong)milliseconds * 0x9E3779B97F4A7C15UL) >> (64 - TextCacheBits));
        var entry = Volatile.Read(ref Texts[slot]);
        if (entry is not null && entry.Value == milliseconds)
        {
            return entry.Text;
        }

        var text = milliseconds.ToString(CultureInfo.InvariantCulture);
        Volatile.Write(ref Texts[slot], new TextEntry(milliseconds, text));
        return text;
    }

    // Immutable, so a reader never pairs one value with another's text.
    private sealed class TextEntry(long value, string text)
    {
        public long Value { get; } = value;

        public string Text { get; } = text;
    }
}
