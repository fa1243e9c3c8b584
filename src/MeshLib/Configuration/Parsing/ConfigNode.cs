namespace MeshLib.Configuration.Parsing;

/// <summary>
/// A node of a configuration document (YAML, JSON or an <c>IConfiguration</c> section) with where it was
/// written. The binder reads only this tree, so every source gets the same rules and the same messages.
/// </summary>
internal abstract class ConfigNode
{
    /// <summary>Creates a node written at <paramref name="file"/>:<paramref name="line"/>:<paramref name="column"/>.</summary>
    /// <param name="file">The file name or configuration path.</param>
    /// <param name="line">1-based line, 0 when the source has no lines.</param>
    /// <param name="column">1-based column, 0 when the source has no columns.</param>
    protected ConfigNode(string file, int line, int column)
    {
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The file name or configuration path.</summary>
    public string File { get; }

    /// <summary>1-based line, 0 when the source has no lines.</summary>
    public int Line { get; }

    /// <summary>1-based column, 0 when the source has no columns.</summary>
    public int Column { get; }

    // Built on demand: a large document holds many nodes and few of them are ever reported.

    /// <summary>Where the node starts.</summary>
    public SourceLocation Location => new(File, Line, Column);

    /// <summary>
    /// How many nodes this one stands for once aliases are expanded (itself included); bounds the binder's work.
    /// </summary>
    public abstract long Size { get; }

    /// <summary>How many mappings and lists deep this node goes (0 for a scalar).</summary>
    public abstract int Height { get; }

    /// <summary>The node as a message names it: <c>an object</c>, <c>a list</c>, <c>null</c> or the quoted text.</summary>
    public abstract string Describe();
}
