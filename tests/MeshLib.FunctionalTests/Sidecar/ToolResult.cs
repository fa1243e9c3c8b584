namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>What a finished command printed and returned.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);
