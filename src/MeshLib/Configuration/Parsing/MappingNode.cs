namespace MeshLib.Configuration.Parsing;

/// <summary>A mapping (YAML mapping, JSON object, configuration section with named children), in written order.</summary>
internal sealed class MappingNode : ConfigNode
{
    /// <summary>Creates a mapping.</summary>
    /// <param name="file">The file name or configuration path.</param>
    /// <param name="line">1-based line of the mapping's start.</param>
    /// <param name="column">1-based column of the mapping's start.</param>
    /// <param name="entries">The entries, in written order, keys unique.</param>
    public MappingNode(string file, int line, int column, IReadOnlyList<MappingEntry> entries)
        : base(file, line, column)
    {
        Entries = entries;
        long size = 1;
        var height = 0;
        foreach (var entry in entries)
        {
            size += 1 + entry.Value.Size;
            height = Math.Max(height, entry.Value.Height);
        }

        Size = size;
        Height = height + 1;
    }

    /// <summary>The entries, in written order.</summary>
    public IReadOnlyList<MappingEntry> Entries { get; }

    /// <inheritdoc/>
    public override long Size { get; }

    /// <inheritdoc/>
    public override int Height { get; }

    /// <summary>Finds the entry with key <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="entry">The entry found.</param>
    /// <returns><see langword="true"/> when the key is present.</returns>
    public bool TryGet(string key, out MappingEntry entry)
    {
        foreach (var candidate in Entries)
        {
            if (candidate.Key.Value == key)
            {
                entry = candidate;
                return true;
            }
        }

        entry = default;
        return false;
    }

    /// <inheritdoc/>
    public override string Describe() => "an object";
}
