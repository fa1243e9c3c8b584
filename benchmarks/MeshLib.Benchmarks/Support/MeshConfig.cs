using MeshLib.Configuration;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.Validation;
using MeshLib.Internal;
using MeshLib.Model;
using MeshLib.Model.Compilation;
using Microsoft.Extensions.Options;

namespace MeshLib.Benchmarks.Support;

/// <summary>Loads, validates and compiles generated YAML the way the mesh does at startup.</summary>
internal static class MeshConfig
{
    /// <summary>Reads YAML text and fails loudly on any load or validation error, so a benchmark never measures a broken config.</summary>
    public static List<MeshResource> Load(params string[] yamlChunks)
    {
        var resources = new List<MeshResource>();
        var diagnostics = new List<ConfigDiagnostic>();
        for (var i = 0; i < yamlChunks.Length; i++)
        {
            var loaded = MeshConfigLoader.LoadYaml(yamlChunks[i], $"generated-{i}.yaml");
            diagnostics.AddRange(loaded.Diagnostics);
            resources.AddRange(loaded.Resources);
        }

        diagnostics.AddRange(MeshConfigValidator.Validate(resources));
        ThrowOnErrors(diagnostics);
        return resources;
    }

    /// <summary>
    /// Reads YAML text and fails on any load error, without the semantic validation (whose cross-resource checks are
    /// quadratic in the number of resources: minutes for 10,000 VirtualServices). For generated sets whose shape
    /// <see cref="Load"/> has already validated on a sample.
    /// </summary>
    public static List<MeshResource> LoadUnvalidated(IEnumerable<string> yamlChunks)
    {
        var resources = new List<MeshResource>();
        var diagnostics = new List<ConfigDiagnostic>();
        var i = 0;
        foreach (var chunk in yamlChunks)
        {
            var loaded = MeshConfigLoader.LoadYaml(chunk, $"generated-{i++}.yaml");
            diagnostics.AddRange(loaded.Diagnostics);
            resources.AddRange(loaded.Resources);
        }

        ThrowOnErrors(diagnostics);
        return resources;
    }

    /// <summary>A compiler as <c>AddMesh()</c> registers it, with default options.</summary>
    public static MeshCompiler CreateCompiler() => new(Options.Create(new MeshOptions()), TimeProvider.System, RandomSource.Shared);

    /// <summary>Loads, validates and compiles.</summary>
    public static MeshSnapshot Compile(params string[] yamlChunks) => CreateCompiler().Compile(Load(yamlChunks), []);

    private static void ThrowOnErrors(List<ConfigDiagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Generated configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Take(20)));
        }
    }
}
