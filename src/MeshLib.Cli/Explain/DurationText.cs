using System.Globalization;
using MeshLib.Configuration;

namespace MeshLib.Cli.Explain;

/// <summary>Formats durations as Istio writes them (<c>10s</c>, <c>250ms</c>, <c>1h0m0s</c>) and shares as percentages.</summary>
internal static class DurationText
{
    /// <summary>A duration in Istio's (Go's) notation.</summary>
    /// <param name="value">The duration.</param>
    /// <returns>The text.</returns>
    public static string Format(TimeSpan value) => Duration.FromTimeSpan(value).ToString();

    /// <summary>A percentage such as <c>80%</c> or <c>33.33%</c>.</summary>
    /// <param name="percent">The percentage, 0..100.</param>
    /// <returns>The text.</returns>
    public static string Percent(double percent) => percent.ToString("0.####", CultureInfo.InvariantCulture) + "%";
}
