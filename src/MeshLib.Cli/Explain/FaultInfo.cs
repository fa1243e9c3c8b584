namespace MeshLib.Cli.Explain;

/// <summary>A route's fault injection, as Envoy's fault filter applies it.</summary>
/// <param name="Delay">The delay, or null.</param>
/// <param name="Abort">The abort, or null.</param>
/// <param name="Note">Why a configured fault never fires (0%, unsupported kind), or null.</param>
internal sealed record FaultInfo(FaultDelayInfo? Delay, FaultAbortInfo? Abort, string? Note);
