using System.Globalization;
using System.Text;

namespace MeshLib.Configuration;

/// <summary>
/// A protobuf <c>Duration</c> as Istio reads it: Go <c>time.ParseDuration</c> syntax (<c>7s</c>, <c>0.5s</c>,
/// <c>100ms</c>, <c>1m30s</c>, <c>1h</c>), kept to the nanosecond so that precision rules can be checked.
/// </summary>
/// <param name="Nanoseconds">The length in nanoseconds.</param>
public readonly record struct Duration(long Nanoseconds) : IComparable<Duration>
{
    private const long NanosPerMicro = 1_000;
    private const long NanosPerMilli = 1_000_000;
    private const long NanosPerSecond = 1_000_000_000;
    private const long NanosPerMinute = 60 * NanosPerSecond;
    private const long NanosPerHour = 60 * NanosPerMinute;

    /// <summary>A zero-length duration.</summary>
    public static Duration Zero => default;

    /// <summary>The duration as a <see cref="TimeSpan"/> (rounded down to 100 ns ticks).</summary>
    public TimeSpan ToTimeSpan() => TimeSpan.FromTicks(Nanoseconds / 100);

    /// <summary>The duration in whole milliseconds (rounded down).</summary>
    public long TotalMilliseconds => Nanoseconds / NanosPerMilli;

    /// <summary>Creates a duration from a <see cref="TimeSpan"/>.</summary>
    /// <param name="value">The time span.</param>
    /// <returns>The same length as a <see cref="Duration"/>.</returns>
    public static Duration FromTimeSpan(TimeSpan value) => new(value.Ticks * 100);

    /// <summary>Creates a duration of whole milliseconds.</summary>
    /// <param name="milliseconds">The number of milliseconds.</param>
    /// <returns>The duration.</returns>
    public static Duration FromMilliseconds(long milliseconds) => new(checked(milliseconds * NanosPerMilli));

    /// <summary>Parses Go duration syntax.</summary>
    /// <param name="text">The text, such as <c>1m30s</c>.</param>
    /// <returns>The duration.</returns>
    /// <exception cref="FormatException">The text is not a Go duration.</exception>
    public static Duration Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses Go duration syntax, as <c>time.ParseDuration</c> does.</summary>
    /// <param name="text">The text, such as <c>1m30s</c>.</param>
    /// <param name="value">The parsed duration.</param>
    /// <param name="error">Go's error wording when the text is not valid.</param>
    /// <returns><see langword="true"/> when the text parsed.</returns>
    public static bool TryParse(string? text, out Duration value, out string? error)
    {
        value = default;
        error = null;
        var quoted = $"time: invalid duration \"{text}\"";
        if (string.IsNullOrEmpty(text))
        {
            error = quoted;
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            error = quoted;
            return false;
        }

        decimal total = 0;
        while (!s.IsEmpty)
        {
            var i = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var intPart = s[..i];
            s = s[i..];
            var fracPart = ReadOnlySpan<char>.Empty;
            if (!s.IsEmpty && s[0] == '.')
            {
                s = s[1..];
                i = 0;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }

                fracPart = s[..i];
                s = s[i..];
            }

            if (intPart.IsEmpty && fracPart.IsEmpty)
            {
                error = quoted;
                return false;
            }

            i = 0;
            while (i < s.Length && s[i] != '.' && !char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == 0)
            {
                error = $"time: missing unit in duration \"{text}\"";
                return false;
            }

            long unit;
            switch (s[..i])
            {
                case "ns": unit = 1; break;
                case "us" or "µs" or "μs": unit = NanosPerMicro; break;
                case "ms": unit = NanosPerMilli; break;
                case "s": unit = NanosPerSecond; break;
                case "m": unit = NanosPerMinute; break;
                case "h": unit = NanosPerHour; break;
                default:
                    error = $"time: unknown unit \"{s[..i]}\" in duration \"{text}\"";
                    return false;
            }

            s = s[i..];
            if (intPart.Length > 20 || fracPart.Length > 28)
            {
                error = quoted;
                return false;
            }

            var number = intPart.IsEmpty ? 0m : decimal.Parse(intPart, NumberStyles.None, CultureInfo.InvariantCulture);
            if (!fracPart.IsEmpty)
            {
                number += decimal.Parse(fracPart, NumberStyles.None, CultureInfo.InvariantCulture) / Pow10(fracPart.Length);
            }

            total += decimal.Floor(number * unit);
            if (total > long.MaxValue)
            {
                error = quoted;
                return false;
            }
        }

        value = new Duration((long)(negative ? -total : total));
        return true;
    }

    private static decimal Pow10(int n)
    {
        var result = 1m;
        for (var i = 0; i < n; i++)
        {
            result *= 10;
        }

        return result;
    }

    /// <summary>Formats the duration as Go's <c>Duration.String()</c> does (<c>1m30s</c>, <c>500ms</c>, <c>1.5s</c>).</summary>
    public override string ToString()
    {
        if (Nanoseconds == 0)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        var n = Nanoseconds;
        if (n < 0)
        {
            sb.Append('-');
            n = -n;
        }

        if (n < NanosPerSecond)
        {
            var (unit, suffix) = n < NanosPerMicro ? (1L, "ns") : n < NanosPerMilli ? (NanosPerMicro, "µs") : (NanosPerMilli, "ms");
            AppendFraction(sb, n, unit);
            return sb.Append(suffix).ToString();
        }

        var hours = n / NanosPerHour;
        n -= hours * NanosPerHour;
        var minutes = n / NanosPerMinute;
        n -= minutes * NanosPerMinute;
        if (hours > 0)
        {
            sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        AppendFraction(sb, n, NanosPerSecond);
        return sb.Append('s').ToString();
    }

    private static void AppendFraction(StringBuilder sb, long value, long unit)
    {
        sb.Append((value / unit).ToString(CultureInfo.InvariantCulture));
        var fraction = value % unit;
        if (fraction == 0)
        {
            return;
        }

        var digits = fraction.ToString(CultureInfo.InvariantCulture).PadLeft((int)Math.Log10(unit), '0').TrimEnd('0');
        sb.Append('.').Append(digits);
    }

    /// <inheritdoc/>
    public int CompareTo(Duration other) => Nanoseconds.CompareTo(other.Nanoseconds);

    /// <summary>Compares two durations.</summary>
    public static bool operator <(Duration left, Duration right) => left.Nanoseconds < right.Nanoseconds;

    /// <summary>Compares two durations.</summary>
    public static bool operator >(Duration left, Duration right) => left.Nanoseconds > right.Nanoseconds;

    /// <summary>Compares two durations.</summary>
    public static bool operator <=(Duration left, Duration right) => left.Nanoseconds <= right.Nanoseconds;

    /// <summary>Compares two durations.</summary>
    public static bool operator >=(Duration left, Duration right) => left.Nanoseconds >= right.Nanoseconds;
}
