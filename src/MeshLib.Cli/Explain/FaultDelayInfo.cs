namespace MeshLib.Cli.Explain;

/// <summary>A fault delay.</summary>
/// <param name="FixedDelay">The delay as an Istio duration.</param>
/// <param name="Percent">The share of requests delayed, 0..100.</param>
internal sealed record FaultDelayInfo(string FixedDelay, double Percent);
