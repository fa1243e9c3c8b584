using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Parsing;
using MeshLib.Configuration.Resources;
using Microsoft.Extensions.Configuration;

namespace MeshLib.Configuration;

/// <summary>
/// Reads Istio resources from YAML or JSON files, YAML text, or an <see cref="IConfiguration"/> section, and
/// reports every problem at once (as <c>file:line:column: error: Kind/namespace/name: field: message</c>).
/// It checks what <c>istioctl validate</c> checks while reading: syntax, duplicate keys, unknown fields,
/// types, enum names and duration syntax. Semantic validation comes after.
/// </summary>
public static class MeshConfigLoader
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>Reads files, and directories (recursively) of <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> files.</summary>
    /// <param name="paths">Files or directories; messages name files as the paths are given.</param>
    /// <param name="defaultNamespace">The namespace messages name for resources that name none; default <c>default</c>.</param>
    /// <returns>The resources and diagnostics; a missing path is an error.</returns>
    public static ConfigLoadResult LoadPaths(IEnumerable<string> paths, string? defaultNamespace = null) =>
        LoadPaths(paths, specTypeOf: null, defaultNamespace);

    /// <summary>Reads YAML (or JSON) text with one or more documents.</summary>
    /// <param name="yaml">The text.</param>
    /// <param name="sourceName">The name messages give as the file.</param>
    /// <param name="defaultNamespace">The namespace messages name for resources that name none; default <c>default</c>.</param>
    /// <returns>The resources and diagnostics.</returns>
    public static ConfigLoadResult LoadYaml(string yaml, string sourceName = "inline", string? defaultNamespace = null) =>
        LoadYaml(yaml, sourceName, specTypeOf: null, defaultNamespace);

    /// <summary>
    /// Reads the mesh section of an application's configuration: <c>Namespace</c>, and <c>Resources</c>, a list
    /// of resources in the same shape as YAML (<c>apiVersion</c>, <c>kind</c>, <c>metadata</c>, <c>spec</c>).
    /// </summary>
    /// <param name="meshSection">The section, usually <c>configuration.GetSection("Mesh")</c>.</param>
    /// <returns>The resources and diagnostics; locations are configuration paths.</returns>
    public static ConfigLoadResult LoadConfiguration(IConfiguration meshSection) => LoadConfiguration(meshSection, null);

    internal static ConfigLoadResult LoadPaths(IEnumerable<string> paths, Func<ResourceKind, Type>? specTypeOf, string? defaultNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var diagnostics = new List<ConfigDiagnostic>();
        var resources = new List<MeshResource>();
        var reader = new ResourceReader(diagnostics, specTypeOf, defaultNamespace);
        foreach (var file in ResolveFiles(paths, diagnostics))
        {
            var text = ReadFile(file, diagnostics);
            if (text is not null)
            {
                ReadDocuments(text, file, reader, resources, diagnostics);
            }
        }

        return new ConfigLoadResult(resources, diagnostics, reader.Skipped, null);
    }

    internal static ConfigLoadResult LoadYaml(string yaml, string sourceName, Func<ResourceKind, Type>? specTypeOf, string? defaultNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        var diagnostics = new List<ConfigDiagnostic>();
        var resources = new List<MeshResource>();
        var reader = new ResourceReader(diagnostics, specTypeOf, defaultNamespace);
        ReadDocuments(yaml, sourceName, reader, resources, diagnostics);
        return new ConfigLoadResult(resources, diagnostics, reader.Skipped, null);
    }

    internal static ConfigLoadResult LoadConfiguration(IConfiguration meshSection, Func<ResourceKind, Type>? specTypeOf)
    {
        ArgumentNullException.ThrowIfNull(meshSection);
        var diagnostics = new List<ConfigDiagnostic>();
        var resources = new List<MeshResource>();
        var ns = meshSection["Namespace"];
        var reader = new ResourceReader(diagnostics, specTypeOf, ns);
        var section = meshSection.GetSection("Resources");
        var node = ConfigurationNodeReader.Read(section, diagnostics);
        switch (node)
        {
            case null or ScalarNode { IsPlainNull: true }:
                break;
            case SequenceNode list:
                foreach (var item in list.Items)
                {
                    reader.Read(item, resources);
                }

                break;
            default:
                diagnostics.Add(new ConfigDiagnostic(
                    DiagnosticSeverity.Error, node.Location, null, null, $"expected a list of resources, got {node.Describe()}"));
                break;
        }

        return new ConfigLoadResult(resources, diagnostics, reader.Skipped, string.IsNullOrEmpty(ns) ? null : ns);
    }

    /// <summary>The files <paramref name="paths"/> stand for: files as given, directories expanded recursively and sorted.</summary>
    /// <param name="paths">Files or directories.</param>
    /// <param name="diagnostics">Receives an error for each path that does not exist.</param>
    /// <returns>The files, in load order.</returns>
    internal static List<string> ResolveFiles(IEnumerable<string> paths, ICollection<ConfigDiagnostic> diagnostics)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .ToList();
                // Ordinal, so that the load order (and thus precedence between resources) is the same everywhere.
                found.Sort(StringComparer.Ordinal);
                files.AddRange(found);
            }
            else
            {
                diagnostics.Add(new ConfigDiagnostic(
                    DiagnosticSeverity.Error, new SourceLocation(path, 0, 0), null, null, "no such file or directory"));
            }
        }

        return files;
    }

    private static string? ReadFile(string file, List<ConfigDiagnostic> diagnostics)
    {
        try
        {
            var length = new FileInfo(file).Length;
            if (length > ParseLimits.MaxInputSize)
            {
                diagnostics.Add(new ConfigDiagnostic(
                    DiagnosticSeverity.Error,
                    new SourceLocation(file, 1, 1),
                    null,
                    null,
                    $"file of {length} bytes exceeds the limit of {ParseLimits.MaxInputSize} bytes (16 MiB)"));
                return null;
            }

            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new ConfigDiagnostic(DiagnosticSeverity.Error, new SourceLocation(file, 0, 0), null, null, e.Message));
            return null;
        }
    }

    private static void ReadDocuments(
        string text, string file, ResourceReader reader, List<MeshResource> resources, List<ConfigDiagnostic> diagnostics)
    {
        foreach (var document in YamlNodeReader.Read(text, file, diagnostics))
        {
            reader.Read(document, resources);
        }
    }
}
