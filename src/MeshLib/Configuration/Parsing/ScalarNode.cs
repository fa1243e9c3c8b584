namespace MeshLib.Configuration.Parsing;

/// <summary>A scalar: its text, and whether it was quoted (a quoted <c>"null"</c> is a string, a plain one is null).</summary>
internal sealed class ScalarNode : ConfigNode
{
    private const int DescribeLimit = 64;

    /// <summary>Creates a scalar.</summary>
    /// <param name="file">The file name or configuration path.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="value">The text.</param>
    /// <param name="quoted">Whether the text was quoted (or block, or tagged <c>!!str</c>): then it is never null.</param>
    /// <param name="emptyCollection">Whether an empty value stands for an empty object or list (see <see cref="EmptyCollection"/>).</param>
    public ScalarNode(string file, int line, int column, string value, bool quoted, bool emptyCollection = false)
        : base(file, line, column)
    {
        Value = value;
        Quoted = quoted;
        EmptyCollection = emptyCollection && value.Length == 0;
    }

    /// <summary>The text.</summary>
    public string Value { get; }

    /// <summary>Whether the text was quoted (or block, or tagged <c>!!str</c>).</summary>
    public bool Quoted { get; }

    /// <summary>
    /// Whether this empty value may stand for an empty object or list: configuration turns JSON <c>{}</c>,
    /// <c>[]</c> and <c>null</c> into an empty leaf, and an empty object can matter (<c>outlierDetection: {}</c>).
    /// </summary>
    public bool EmptyCollection { get; }

    /// <summary>Whether this is YAML's null: an unquoted <c>~</c>, <c>null</c> or nothing at all (<c>field:</c>).</summary>
    public bool IsPlainNull => !Quoted && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <inheritdoc/>
    public override long Size => 1;

    /// <inheritdoc/>
    public override int Height => 0;

    /// <inheritdoc/>
    public override string Describe()
    {
        if (IsPlainNull)
        {
            return "null";
        }

        return Value.Length <= DescribeLimit ? $"\"{Value}\"" : $"\"{Value[..DescribeLimit]}...\"";
    }
}
