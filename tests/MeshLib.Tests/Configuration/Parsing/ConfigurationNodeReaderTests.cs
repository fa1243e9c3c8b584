using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Parsing;
using Microsoft.Extensions.Configuration;

namespace MeshLib.Tests.Configuration.Parsing;

public class ConfigurationNodeReaderTests
{
    private static ConfigNode? Read(IEnumerable<KeyValuePair<string, string?>> pairs, List<ConfigDiagnostic> diagnostics) =>
        ConfigurationNodeReader.Read(new ConfigurationBuilder().AddInMemoryCollection(pairs).Build().GetSection("R"), diagnostics);

    [Fact]
    public void Read_KeysZeroToNMinusOne_AreAListOtherwiseAMapping()
    {
        var diagnostics = new List<ConfigDiagnostic>();
        var node = Read(
            [
                new("R:list:0", "a"), new("R:list:1", "b"), new("R:list:2", "c"), new("R:list:10", "d"),
                new("R:gap:0", "a"), new("R:gap:2", "b"),
                new("R:map:x", "1"),
            ],
            diagnostics);

        Assert.Empty(diagnostics);
        var root = Assert.IsType<MappingNode>(node);
        var byKey = root.Entries.ToDictionary(e => e.Key.Value, e => e.Value);
        Assert.IsType<MappingNode>(byKey["list"]);
        Assert.IsType<MappingNode>(byKey["gap"]);
        Assert.IsType<MappingNode>(byKey["map"]);
        Assert.Equal("appsettings:R:map:x", ((MappingNode)byKey["map"]).Entries[0].Key.File);
    }

    [Fact]
    public void Read_ListInNumericOrder_WithPathLocations()
    {
        var diagnostics = new List<ConfigDiagnostic>();
        var pairs = Enumerable.Range(0, 12).Select(i => new KeyValuePair<string, string?>($"R:{i}", $"v{i}"));

        var list = Assert.IsType<SequenceNode>(Read(pairs, diagnostics));

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"v{i}"), list.Items.Cast<ScalarNode>().Select(s => s.Value));
        Assert.Equal(new("appsettings:R:11", 0, 0), list.Items[11].Location);
        Assert.Equal("appsettings:R:11", list.Items[11].Location.ToString());
    }

    [Fact]
    public void Read_ValuesAreQuotedStringsAndNullIsPlainNull()
    {
        var diagnostics = new List<ConfigDiagnostic>();
        var root = (MappingNode)Read([new("R:a", "null"), new("R:b", null), new("R:c", "")], diagnostics)!;

        var values = root.Entries.Select(e => (ScalarNode)e.Value).ToList();
        Assert.False(values[0].IsPlainNull);
        Assert.True(values[1].IsPlainNull);
        Assert.False(values[2].IsPlainNull);
        Assert.All(values.Skip(1), v => Assert.True(v.EmptyCollection));
    }

    [Fact]
    public void Read_NestingDeeperThanTheLimit_IsAnError()
    {
        var diagnostics = new List<ConfigDiagnostic>();
        var key = "R:" + string.Join(":", Enumerable.Repeat("a", 100));

        Assert.Null(Read([new(key, "x")], diagnostics));
        Assert.Equal("nesting deeper than 64 levels", Assert.Single(diagnostics).Message);
    }
}
