namespace MeshLib.Configuration;

/// <summary>Where a configuration element was written: a file (or configuration path), a line and a column, both 1-based.</summary>
/// <param name="File">The file name, or for appsettings the configuration section path.</param>
/// <param name="Line">1-based line; 0 when the source has no lines (appsettings).</param>
/// <param name="Column">1-based column; 0 when the source has no columns.</param>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <summary>Renders the location as <c>file:line:column</c>, or just the file when it has no lines.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
