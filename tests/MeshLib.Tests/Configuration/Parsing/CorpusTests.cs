using MeshLib.Configuration;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Parsing;
using MeshLib.Configuration.Resources;

namespace MeshLib.Tests.Configuration.Parsing;

// The Istio samples in ../shared/corpus/istio: 31 VirtualService, 13 DestinationRule, 7 ServiceEntry and
// 8 Gateway documents, next to Kubernetes Services, Deployments and ServiceAccounts.
public class CorpusTests
{
    private static readonly Dictionary<string, int> ExpectedKinds = new()
    {
        ["VirtualService"] = 31,
        ["DestinationRule"] = 13,
        ["ServiceEntry"] = 7,
        ["Gateway"] = 8,
    };

    [Fact]
    public void Corpus_EveryFileParsesWithoutSyntaxErrors()
    {
        var diagnostics = new List<ConfigDiagnostic>();
        var files = MeshConfigLoader.ResolveFiles([ParsingTestSupport.CorpusDirectory], diagnostics);
        var kinds = new Dictionary<string, int>();
        foreach (var file in files)
        {
            foreach (var document in YamlNodeReader.Read(File.ReadAllText(file), file, diagnostics))
            {
                var kind = ((MappingNode)document).TryGet("kind", out var entry) ? ((ScalarNode)entry.Value).Value : "?";
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            }
        }

        Assert.True(diagnostics.Count == 0, ParsingTestSupport.Errors(diagnostics));
        Assert.Equal(Directory.GetFiles(ParsingTestSupport.CorpusDirectory, "*.yaml").Length, files.Count);
        foreach (var (kind, count) in ExpectedKinds)
        {
            Assert.Equal(count, kinds[kind]);
        }
    }

    [Fact]
    public void Corpus_LoadsWithoutErrors_WithTheExpectedResourcesPerKind()
    {
        var result = MeshConfigLoader.LoadPaths([ParsingTestSupport.CorpusDirectory]);

        Assert.False(result.HasErrors, ParsingTestSupport.Errors(result.Diagnostics));
        var counts = result.Resources.GroupBy(r => r.Kind).ToDictionary(g => g.Key.ToString(), g => g.Count());
        Assert.Equal(ExpectedKinds.OrderBy(k => k.Key), counts.OrderBy(k => k.Key));
        Assert.NotEmpty(result.Skipped);
        Assert.DoesNotContain(result.Resources, r => r.Kind == ResourceKind.WorkloadEntry);
    }
}
