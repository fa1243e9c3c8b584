using MeshLib.Configuration;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Parsing;
using MeshLib.Configuration.Resources;

namespace MeshLib.Tests.Configuration.Parsing;

// Shared helpers: reading YAML into nodes, binding test records, the repository's corpus folder.
internal static class ParsingTestSupport
{
    /// Every kind reads its spec as TestSpecConfig, so resource-level tests can use real fields today.
    public static Type TestSpecs(ResourceKind kind) => typeof(TestSpecConfig);

    public static ConfigNode SingleDocument(string yaml, string file = "test.yaml")
    {
        var diagnostics = new List<ConfigDiagnostic>();
        var documents = YamlNodeReader.Read(yaml, file, diagnostics);
        Assert.Empty(diagnostics);
        return Assert.Single(documents);
    }

    public static (T? Record, List<ConfigDiagnostic> Diagnostics) Bind<T>(string yaml, string path = "spec")
        where T : ConfigElement
    {
        var diagnostics = new List<ConfigDiagnostic>();
        var record = new ConfigBinder(diagnostics, "VirtualService/default/test").Bind<T>(SingleDocument(yaml), path);
        return (record, diagnostics);
    }

    public static string Errors(IEnumerable<ConfigDiagnostic> diagnostics) => string.Join("\n", diagnostics);

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MeshLib.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("MeshLib.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string CorpusDirectory => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus", "istio"));
}
