using System.Text;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Parsing;

namespace MeshLib.Tests.Configuration.Parsing;

public class YamlNodeReaderTests
{
    private static (IReadOnlyList<ConfigNode> Documents, List<ConfigDiagnostic> Diagnostics) Read(string yaml)
    {
        var diagnostics = new List<ConfigDiagnostic>();
        return (YamlNodeReader.Read(yaml, "f.yaml", diagnostics), diagnostics);
    }

    [Fact]
    public void Read_Mapping_KeepsLinesAndColumnsOfKeysAndValues()
    {
        var root = Assert.IsType<MappingNode>(ParsingTestSupport.SingleDocument("kind: VirtualService\nspec:\n  hosts:\n  - reviews\n  timeout: \"5s\"\n", "vs.yaml"));

        Assert.Equal(new("vs.yaml", 1, 1), root.Location);
        Assert.Equal(["kind", "spec"], root.Entries.Select(e => e.Key.Value));
        var kind = Assert.IsType<ScalarNode>(root.Entries[0].Value);
        Assert.Equal(("VirtualService", 1, 7), (kind.Value, kind.Line, kind.Column));
        var spec = Assert.IsType<MappingNode>(root.Entries[1].Value);
        Assert.Equal((3, 3), (spec.Line, spec.Column));
        Assert.Equal((3, 3), (spec.Entries[0].Key.Line, spec.Entries[0].Key.Column));
        var hosts = Assert.IsType<SequenceNode>(spec.Entries[0].Value);
        var host = Assert.IsType<ScalarNode>(Assert.Single(hosts.Items));
        Assert.Equal(("reviews", 4, 5), (host.Value, host.Line, host.Column));
        var timeout = Assert.IsType<ScalarNode>(spec.Entries[1].Value);
        Assert.Equal(("5s", true, 5, 12), (timeout.Value, timeout.Quoted, timeout.Line, timeout.Column));
    }

    [Fact]
    public void Read_NullForms_ArePlainNullButQuotedNullIsAString()
    {
        var root = Assert.IsType<MappingNode>(ParsingTestSupport.SingleDocument("a:\nb: ~\nc: null\nd: \"null\"\ne: !!str null\nf: ''\n"));
        var values = root.Entries.Select(e => ((ScalarNode)e.Value).IsPlainNull).ToList();

        Assert.Equal([true, true, true, false, false, false], values);
    }

    [Fact]
    public void Read_MultipleDocuments_ReturnsEachAndSkipsEmptyOnes()
    {
        var (documents, diagnostics) = Read("# leading comment\n---\na: 1\n---\n---\n# only a comment\n---\nb: 2\n...\n");

        Assert.Empty(diagnostics);
        Assert.Equal(2, documents.Count);
        Assert.Equal(3, documents[0].Line);
        Assert.Equal(8, documents[1].Line);
    }

    [Fact]
    public void Read_Json_ReadsObjectsArraysAndEscapes()
    {
        var root = Assert.IsType<MappingNode>(ParsingTestSupport.SingleDocument("{\n\t\"hosts\": [\"a\\/b\", \"c\"],\n\t\"n\": 5,\n\t\"x\": null\n}"));

        var hosts = Assert.IsType<SequenceNode>(root.Entries[0].Value);
        Assert.Equal(["a/b", "c"], hosts.Items.Cast<ScalarNode>().Select(s => s.Value));
        Assert.Equal((2, 2), (root.Entries[0].Key.Line, root.Entries[0].Key.Column));
        Assert.True(((ScalarNode)root.Entries[2].Value).IsPlainNull);
    }

    [Fact]
    public void Read_DuplicateKey_IsAnErrorAtTheSecondKeyAndReadingGoesOn()
    {
        var (documents, diagnostics) = Read("spec:\n  hosts: [a]\n  hosts: [b]\n  gateways: [c]\n  gateways: [d]\n");

        Assert.Equal(
            ["f.yaml:3:3: error: duplicate key \"hosts\"", "f.yaml:5:3: error: duplicate key \"gateways\""],
            diagnostics.Select(d => d.ToString()));
        var spec = (MappingNode)((MappingNode)Assert.Single(documents)).Entries[0].Value;
        Assert.Equal(["hosts", "gateways"], spec.Entries.Select(e => e.Key.Value));
    }

    [Fact]
    public void Read_SyntaxError_GivesLineColumnAndYamlDotNetsMessage()
    {
        var (_, diagnostics) = Read("a: 1\nb: 'unterminated\n");

        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(new("f.yaml", 2, 4), error.Location);
        Assert.Contains("quoted scalar", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnclosedFlowList_IsASyntaxErrorNotAnException()
    {
        var (_, diagnostics) = Read("a: [1, 2\nb: c\n");

        var error = Assert.Single(diagnostics);
        Assert.StartsWith("f.yaml:2:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("invalid YAML syntax", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DocumentsBeforeASyntaxError_AreKept()
    {
        var (documents, diagnostics) = Read("a: 1\n---\nb: [\n");

        Assert.Single(documents);
        Assert.Single(diagnostics);
    }

    [Fact]
    public void Read_Alias_SharesTheAnchoredNode()
    {
        var root = Assert.IsType<MappingNode>(ParsingTestSupport.SingleDocument("a: &x {k: v}\nb: *x\n"));

        Assert.Same(root.Entries[0].Value, root.Entries[1].Value);
    }

    [Fact]
    public void Read_UnknownAnchor_IsAnError()
    {
        var (_, diagnostics) = Read("a: *nope\n");

        Assert.Equal("f.yaml:1:4: error: unknown anchor \"nope\"", Assert.Single(diagnostics).ToString());
    }

    [Fact]
    public void Read_AliasInsideItsOwnAnchor_IsAnUnknownAnchor()
    {
        var (_, diagnostics) = Read("a: &x [1, *x]\n");

        Assert.Contains("unknown anchor \"x\"", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NonScalarKey_IsAnError()
    {
        var (_, diagnostics) = Read("? [a, b]\n: c\n");

        Assert.Equal("f.yaml:1:3: error: a mapping key must be a string, not a list", Assert.Single(diagnostics).ToString());
    }

    [Fact]
    public void Read_BillionLaughs_StopsAtTheNodeBudget()
    {
        var yaml = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= 9; i++)
        {
            var previous = $"*l{i - 1}";
            yaml.Append($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat(previous, 10))}]\n");
        }

        var (documents, diagnostics) = Read(yaml.ToString());

        Assert.Empty(documents);
        var error = Assert.Single(diagnostics);
        Assert.Equal("alias expansion exceeds the limit of 1000000 nodes in one file", error.Message);
        Assert.Equal(6, error.Location!.Line);
    }

    [Fact]
    public void Read_AliasThatNestsTooDeep_IsAnError()
    {
        // Each level nests the previous one twice; 40 levels of anchors reach depth 80 with few nodes.
        var yaml = new StringBuilder("a0: &a0 [x]\n");
        for (var i = 1; i < 40; i++)
        {
            yaml.Append($"a{i}: &a{i} [[*a{i - 1}]]\n");
        }

        var (_, diagnostics) = Read(yaml.ToString());

        Assert.Equal("alias expansion nests deeper than 64 levels", Assert.Single(diagnostics).Message);
    }

    [Fact]
    public void Read_DeeplyNestedFlowLists_StopAtTheDepthLimit()
    {
        var (documents, diagnostics) = Read(new string('[', 10_000) + new string(']', 10_000));

        Assert.Empty(documents);
        Assert.Equal("f.yaml:1:65: error: nesting deeper than 64 levels", Assert.Single(diagnostics).ToString());
    }

    [Fact]
    public void Read_DeeplyNestedMappings_StopAtTheDepthLimit()
    {
        var yaml = string.Concat(Enumerable.Repeat("{a: ", 10_000)) + "1" + new string('}', 10_000);

        var (documents, diagnostics) = Read(yaml);

        Assert.Empty(documents);
        Assert.Equal("nesting deeper than 64 levels", Assert.Single(diagnostics).Message);
    }

    [Fact]
    public void Read_DeeplyNestedBlockMappings_StopAtTheDepthLimit()
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < 2_000; i++)
        {
            yaml.Append(' ', i).Append("a:\n");
        }

        var (_, diagnostics) = Read(yaml.ToString());

        Assert.Equal("f.yaml:65:65: error: nesting deeper than 64 levels", Assert.Single(diagnostics).ToString());
    }

    [Fact]
    public void Read_TooManyNodesWithoutAliases_IsAnError()
    {
        var yaml = "[" + string.Join(",", Enumerable.Repeat("1", 1_100_000)) + "]";

        var (documents, diagnostics) = Read(yaml);

        Assert.Empty(documents);
        Assert.Equal("the document exceeds the limit of 1000000 nodes in one file", Assert.Single(diagnostics).Message);
    }

    [Fact]
    public void Read_TextLargerThan16MiB_IsRejectedBeforeParsing()
    {
        var yaml = "a: " + new string('x', 20 * 1024 * 1024);

        var (documents, diagnostics) = Read(yaml);

        Assert.Empty(documents);
        Assert.Equal(
            "f.yaml:1:1: error: input of 20971523 characters exceeds the limit of 16777216 (16 MiB)",
            Assert.Single(diagnostics).ToString());
    }

    [Fact]
    public void Read_ScalarLongerThan4MiB_IsAnError()
    {
        var yaml = "a: 1\nb: \"" + new string('x', 5 * 1024 * 1024) + "\"\n";

        var (_, diagnostics) = Read(yaml);

        Assert.Equal(
            "f.yaml:2:4: error: scalar of 5242880 characters exceeds the limit of 4194304 (4 MiB)",
            Assert.Single(diagnostics).ToString());
    }
}
