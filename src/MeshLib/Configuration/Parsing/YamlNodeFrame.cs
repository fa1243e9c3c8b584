using YamlDotNet.Core;

namespace MeshLib.Configuration.Parsing;

/// <summary>A mapping or list the <see cref="YamlNodeReader"/> is in the middle of: its start, anchor and children so far.</summary>
internal sealed class YamlNodeFrame
{
    /// <summary>Starts a frame for a mapping (<paramref name="isMapping"/>) or a list.</summary>
    /// <param name="isMapping">Whether the collection is a mapping.</param>
    /// <param name="start">Where it starts.</param>
    /// <param name="anchor">Its anchor, if any.</param>
    public YamlNodeFrame(bool isMapping, Mark start, AnchorName anchor)
    {
        IsMapping = isMapping;
        Start = start;
        Anchor = anchor;
    }

    /// <summary>Whether the collection is a mapping.</summary>
    public bool IsMapping { get; }

    /// <summary>Where it starts.</summary>
    public Mark Start { get; }

    /// <summary>Its anchor, if any.</summary>
    public AnchorName Anchor { get; }

    /// <summary>The entries so far (mapping).</summary>
    public List<MappingEntry> Entries { get; } = [];

    /// <summary>The items so far (list).</summary>
    public List<ConfigNode> Items { get; } = [];

    /// <summary>The keys so far, to find duplicates.</summary>
    public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>The key whose value comes next (mapping).</summary>
    public ScalarNode? PendingKey { get; set; }

    /// <summary>Whether the next value belongs to a duplicate key and is dropped.</summary>
    public bool DropValue { get; set; }
}
