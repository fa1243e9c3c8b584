namespace MeshLib.Configuration.Parsing;

/// <summary>
/// Bounds on what a configuration source may ask of the reader, so that hostile or broken input ends in an
/// error quickly and with bounded memory instead of a hang, a stack overflow or an out-of-memory crash.
/// </summary>
internal static class ParseLimits
{
    /// <summary>Largest accepted input: 16 MiB (a file's bytes, or an in-memory text's characters).</summary>
    public const long MaxInputSize = 16L * 1024 * 1024;

    /// <summary>Longest accepted scalar: 4 MiB of characters.</summary>
    public const int MaxScalarLength = 4 * 1024 * 1024;

    /// <summary>Deepest accepted nesting of mappings and lists (Istio resources need about 12).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes one file may produce, counting every node an alias repeats.</summary>
    public const long MaxNodes = 1_000_000;
}
