namespace MeshLib.Configuration.Parsing;

/// <summary>A list (YAML sequence, JSON array, configuration section whose children are 0..n-1).</summary>
internal sealed class SequenceNode : ConfigNode
{
    /// <summary>Creates a list.</summary>
    /// <param name="file">The file name or configuration path.</param>
    /// <param name="line">1-based line of the list's start.</param>
    /// <param name="column">1-based column of the list's start.</param>
    /// <param name="items">The items, in order.</param>
    public SequenceNode(string file, int line, int column, IReadOnlyList<ConfigNode> items)
        : base(file, line, column)
    {
        Items = items;
        long size = 1;
        var height = 0;
        foreach (var item in items)
        {
            size += item.Size;
            height = Math.Max(height, item.Height);
        }

        Size = size;
        Height = height + 1;
    }

    /// <summary>The items, in order.</summary>
    public IReadOnlyList<ConfigNode> Items { get; }

    /// <inheritdoc/>
    public override long Size { get; }

    /// <inheritdoc/>
    public override int Height { get; }

    /// <inheritdoc/>
    public override string Describe() => "a list";
}
