using System.Globalization;
using System.Text.RegularExpressions;
using MeshLib.Configuration;

namespace Bookinfo.Mesh;

/// <summary>
/// <c>--fast</c>: rewrites every duration field of an Istio YAML text (<c>fixedDelay</c>, <c>timeout</c>,
/// <c>perTryTimeout</c>, <c>interval</c>, <c>baseEjectionTime</c>, ...) multiplied by one time-scale factor, so that
/// a scaled copy keeps every relationship of the original (7 s delay vs 3 s × 2 tries vs 10 s) at a fraction of the time.
/// </summary>
public static partial class DurationScaler
{
    /// <summary>Scales the durations of <paramref name="yaml"/>.</summary>
    /// <param name="yaml">The original text.</param>
    /// <param name="scale">The factor; 1 returns the text unchanged.</param>
    /// <param name="changes">What was rewritten, as <c>fixedDelay: 7s → 1400ms</c>.</param>
    /// <returns>The scaled text.</returns>
    public static string Scale(string yaml, double scale, out IReadOnlyList<string> changes)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var list = new List<string>();
        changes = list;
        if (scale == 1)
        {
            return yaml;
        }

        return DurationField().Replace(yaml, match =>
        {
            var value = match.Groups["value"].Value;
            if (!Duration.TryParse(value, out var duration, out _))
            {
                return match.Value;
            }

            var scaled = Milliseconds(duration.ToTimeSpan().TotalMilliseconds * scale);
            list.Add($"{match.Groups["key"].Value}: {value} → {scaled}");
            return match.Groups["prefix"].Value + scaled;
        });
    }

    /// <summary>A duration in Go syntax with whole milliseconds (at least 1 ms).</summary>
    public static string Milliseconds(double milliseconds) =>
        Math.Max(1, (long)Math.Round(milliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    [GeneratedRegex(@"(?<prefix>\b(?<key>fixedDelay|exponentialDelay|timeout|perTryTimeout|interval|baseEjectionTime|connectTimeout|idleTimeout|maxConnectionDuration)\s*:\s*)(?<value>[0-9][0-9.]*(?:ns|us|µs|ms|s|m|h)(?:[0-9.]+(?:ns|us|µs|ms|s|m|h))*)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DurationField();
}
