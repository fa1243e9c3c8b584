using System.Globalization;
using MeshLib.Configuration.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace MeshLib.Configuration.Parsing;

/// <summary>
/// Reads an <see cref="IConfiguration"/> section (appsettings, environment, in-memory) into the same node tree
/// as YAML. Configuration holds only strings and has no lists: a section whose children are exactly
/// <c>0..n-1</c> is read as a list, any other section with children as a mapping, a leaf as a scalar.
/// Locations are the configuration path, such as <c>appsettings:Mesh:Resources:0:spec:http:0</c>.
/// </summary>
internal static class ConfigurationNodeReader
{
    /// <summary>The prefix of every location read from configuration.</summary>
    public const string LocationPrefix = "appsettings:";

    /// <summary>Reads <paramref name="section"/> and everything under it.</summary>
    /// <param name="section">The section.</param>
    /// <param name="diagnostics">Receives an error when the section nests deeper than <see cref="ParseLimits.MaxDepth"/>.</param>
    /// <returns>The node, or <see langword="null"/> when it nests too deep.</returns>
    public static ConfigNode? Read(IConfigurationSection section, ICollection<ConfigDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Read(section, 0, diagnostics);
    }

    // Recursion is bounded by MaxDepth: configuration cannot alias, so depth is the only amplifier.
    private static ConfigNode? Read(IConfigurationSection section, int depth, ICollection<ConfigDiagnostic> diagnostics)
    {
        var file = LocationPrefix + section.Path;
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            // JSON null and {} arrive as a null value, [] as an empty one: a null value is null unless the
            // field is an object or a list, an empty value is the empty string or an empty object or list.
            var value = section.Value;
            return new ScalarNode(file, 0, 0, value ?? string.Empty, quoted: value is not null, emptyCollection: true);
        }

        if (depth + 1 > ParseLimits.MaxDepth)
        {
            diagnostics.Add(new ConfigDiagnostic(
                DiagnosticSeverity.Error, new SourceLocation(file, 0, 0), null, null, $"nesting deeper than {ParseLimits.MaxDepth} levels"));
            return null;
        }

        var nodes = new List<ConfigNode>(children.Count);
        foreach (var child in children)
        {
            var node = Read(child, depth + 1, diagnostics);
            if (node is null)
            {
                return null;
            }

            nodes.Add(node);
        }

        if (IsList(children))
        {
            return new SequenceNode(file, 0, 0, nodes);
        }

        var entries = new List<MappingEntry>(children.Count);
        for (var i = 0; i < children.Count; i++)
        {
            entries.Add(new MappingEntry(new ScalarNode(LocationPrefix + children[i].Path, 0, 0, children[i].Key, quoted: true), nodes[i]));
        }

        return new MappingNode(file, 0, 0, entries);
    }

    // GetChildren orders numeric keys numerically, so a list reads as 0, 1, 2, ...
    private static bool IsList(List<IConfigurationSection> children)
    {
        for (var i = 0; i < children.Count; i++)
        {
            if (!int.TryParse(children[i].Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index != i)
            {
                return false;
            }
        }

        return true;
    }
}
