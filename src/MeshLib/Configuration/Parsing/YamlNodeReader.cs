using System.Globalization;
using MeshLib.Configuration.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MeshLib.Configuration.Parsing;

/// <summary>
/// Reads YAML (or JSON) text into one <see cref="ConfigNode"/> tree per document. It walks the parser's
/// events with an explicit stack rather than YamlDotNet's representation model or deserializer: those
/// recurse once per nesting level and copy every alias, so a small hostile file could overflow the stack
/// or expand into billions of nodes. Here aliases share the anchored node and count toward
/// <see cref="ParseLimits.MaxNodes"/>, nesting stops at <see cref="ParseLimits.MaxDepth"/>.
/// </summary>
internal sealed class YamlNodeReader
{
    private const string StringTag = "tag:yaml.org,2002:str";

    private readonly string _file;
    private readonly ICollection<ConfigDiagnostic> _diagnostics;
    private readonly Stack<YamlNodeFrame> _stack = new();
    private readonly Dictionary<string, ConfigNode> _anchors = new(StringComparer.Ordinal);
    private readonly List<ConfigNode> _documents = [];
    private ConfigNode? _root;
    private long _nodes;

    private YamlNodeReader(string file, ICollection<ConfigDiagnostic> diagnostics)
    {
        _file = file;
        _diagnostics = diagnostics;
    }

    /// <summary>Reads every document of <paramref name="text"/>.</summary>
    /// <param name="text">YAML or JSON text.</param>
    /// <param name="file">The name used in locations.</param>
    /// <param name="diagnostics">Receives syntax errors, duplicate keys and exceeded limits.</param>
    /// <returns>
    /// The non-empty documents read before the first fatal error (a syntax error or an exceeded limit ends
    /// the file; a duplicate key does not).
    /// </returns>
    public static IReadOnlyList<ConfigNode> Read(string text, string file, ICollection<ConfigDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > ParseLimits.MaxInputSize)
        {
            diagnostics.Add(Error(new SourceLocation(file, 1, 1), string.Create(
                CultureInfo.InvariantCulture,
                $"input of {text.Length} characters exceeds the limit of {ParseLimits.MaxInputSize} (16 MiB)")));
            return [];
        }

        var reader = new YamlNodeReader(file, diagnostics);
        reader.Run(text);
        return reader._documents;
    }

    private void Run(string text)
    {
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        var parser = new Parser(scanner);
        try
        {
            while (parser.MoveNext())
            {
                if (!Handle(parser.Current!))
                {
                    return;
                }
            }
        }
        catch (YamlException e)
        {
            _diagnostics.Add(Error(At(e.Start), e.Message));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet reports a few malformed inputs (an unclosed flow list followed by a block key) this way.
            _diagnostics.Add(Error(At(scanner.CurrentPosition), "invalid YAML syntax"));
        }
        catch (ArgumentException e)
        {
            _diagnostics.Add(Error(At(scanner.CurrentPosition), "invalid YAML syntax: " + e.Message));
        }
    }

    private bool Handle(ParsingEvent e)
    {
        switch (e)
        {
            case DocumentStart:
                // Anchors are scoped to their document.
                _anchors.Clear();
                _root = null;
                return true;
            case DocumentEnd:
                if (_root is not null and not ScalarNode { IsPlainNull: true })
                {
                    _documents.Add(_root);
                }

                return true;
            case MappingStart or SequenceStart:
                if (_stack.Count + 1 > ParseLimits.MaxDepth)
                {
                    return Fail(e.Start, $"nesting deeper than {ParseLimits.MaxDepth} levels");
                }

                if (!Count(1, e.Start, "the document"))
                {
                    return false;
                }

                _stack.Push(new YamlNodeFrame(e is MappingStart, e.Start, ((NodeEvent)e).Anchor));
                return true;
            case MappingEnd or SequenceEnd:
                var frame = _stack.Pop();
                ConfigNode node = frame.IsMapping
                    ? new MappingNode(_file, LineOf(frame.Start), ColumnOf(frame.Start), frame.Entries)
                    : new SequenceNode(_file, LineOf(frame.Start), ColumnOf(frame.Start), frame.Items);
                Remember(frame.Anchor, node);
                return Add(node);
            case Scalar scalar:
                if (scalar.Value.Length > ParseLimits.MaxScalarLength)
                {
                    return Fail(e.Start, string.Create(
                        CultureInfo.InvariantCulture,
                        $"scalar of {scalar.Value.Length} characters exceeds the limit of {ParseLimits.MaxScalarLength} (4 MiB)"));
                }

                if (!Count(1, e.Start, "the document"))
                {
                    return false;
                }

                var quoted = scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && scalar.Tag.Value == StringTag);
                var value = new ScalarNode(_file, LineOf(e.Start), ColumnOf(e.Start), scalar.Value, quoted);
                Remember(scalar.Anchor, value);
                return Add(value);
            case AnchorAlias alias:
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    return Fail(e.Start, $"unknown anchor \"{alias.Value.Value}\"");
                }

                if (_stack.Count + target.Height > ParseLimits.MaxDepth)
                {
                    return Fail(e.Start, $"alias expansion nests deeper than {ParseLimits.MaxDepth} levels");
                }

                return Count(target.Size, e.Start, "alias expansion") && Add(target);
            default:
                return true;
        }
    }

    private void Remember(AnchorName anchor, ConfigNode node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }
    }

    private bool Count(long nodes, Mark at, string what)
    {
        _nodes += nodes;
        return _nodes <= ParseLimits.MaxNodes
            || Fail(at, string.Create(CultureInfo.InvariantCulture, $"{what} exceeds the limit of {ParseLimits.MaxNodes} nodes in one file"));
    }

    private bool Add(ConfigNode node)
    {
        if (_stack.Count == 0)
        {
            _root = node;
            return true;
        }

        var parent = _stack.Peek();
        if (!parent.IsMapping)
        {
            parent.Items.Add(node);
            return true;
        }

        if (parent.PendingKey is null)
        {
            if (node is not ScalarNode key)
            {
                return Fail(node.Line, node.Column, $"a mapping key must be a string, not {node.Describe()}");
            }

            parent.PendingKey = key;
            parent.DropValue = !parent.Keys.Add(key.Value);
            if (parent.DropValue)
            {
                _diagnostics.Add(Error(key.Location, $"duplicate key \"{key.Value}\""));
            }

            return true;
        }

        if (!parent.DropValue)
        {
            parent.Entries.Add(new MappingEntry(parent.PendingKey, node));
        }

        parent.PendingKey = null;
        return true;
    }

    private bool Fail(Mark at, string message) => Fail(LineOf(at), ColumnOf(at), message);

    private bool Fail(int line, int column, string message)
    {
        _diagnostics.Add(Error(new SourceLocation(_file, line, column), message));
        return false;
    }

    private SourceLocation At(Mark mark) => new(_file, LineOf(mark), ColumnOf(mark));

    // Marks are 1-based longs; a 16 MiB input keeps them far below int.MaxValue.
    private static int LineOf(Mark mark) => (int)Math.Clamp(mark.Line, 1, int.MaxValue);

    private static int ColumnOf(Mark mark) => (int)Math.Clamp(mark.Column, 1, int.MaxValue);

    private static ConfigDiagnostic Error(SourceLocation location, string message) =>
        new(DiagnosticSeverity.Error, location, null, null, message);
}
