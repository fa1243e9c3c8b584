using MeshLib.Configuration;
using MeshLib.Configuration.Parsing;
using Microsoft.Extensions.Configuration;

namespace MeshLib.Tests.Configuration.Parsing;

public class MeshConfigLoaderTests
{
    private const string Resources = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
          labels: {app: reviews, tier: ""}
        spec:
          hosts: [reviews, "8080"]
          http:
          - name: canary
            timeout: 1m30s
            route:
            - host: reviews
              subset: v2
              weight: 20
            - host: reviews
              subset: v1
              weight: 80
            retries: {attempts: 3, perTryTimeout: 500ms, retryOn: "5xx"}
          - route: [{host: reviews}]
          policy: ROUND_ROBIN
          policies: [LEAST_CONN]
          headers:
            end-user: {exact: jason}
            x-empty: {}
          enabled: false
          priority: -1
          port: 9080
          big: 42
          huge: 18446744073709551615
          ratio: 12.5
          consecutive5xxErrors: 5
          outlier: {}
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: DestinationRule
        metadata: {name: reviews-dr, namespace: bookinfo}
        spec:
          labels: {}
          http: []
        """;

    private static ConfigLoadResult LoadYaml(string yaml) => MeshConfigLoader.LoadYaml(yaml, "m.yaml", ParsingTestSupport.TestSpecs);

    [Fact]
    public void LoadConfiguration_InMemoryCollection_EqualsYaml()
    {
        var fromYaml = LoadYaml(Resources);
        Assert.False(fromYaml.HasErrors, ParsingTestSupport.Errors(fromYaml.Diagnostics));
        var pairs = ConfigWriter.ToConfiguration(fromYaml.Resources, "Mesh:Resources").Append(new("Mesh:Namespace", "bookinfo"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(pairs).Build();

        var fromConfiguration = MeshConfigLoader.LoadConfiguration(configuration.GetSection("Mesh"), ParsingTestSupport.TestSpecs);

        Assert.False(fromConfiguration.HasErrors, ParsingTestSupport.Errors(fromConfiguration.Diagnostics));
        Assert.Equal("bookinfo", fromConfiguration.Namespace);
        Assert.Equal(fromYaml.Resources, fromConfiguration.Resources);
    }

    [Fact]
    public void LoadConfiguration_JsonFile_EqualsYamlAndNamesConfigurationPaths()
    {
        using var dir = new TempDirectory();
        var json = """
            {
              "Mesh": {
                "Namespace": "default",
                "Resources": [
                  {
                    "apiVersion": "networking.istio.io/v1",
                    "kind": "VirtualService",
                    "metadata": { "name": "reviews", "labels": { "app": "reviews", "tier": "" } },
                    "spec": {
                      "hosts": [ "reviews", "8080" ],
                      "http": [
                        {
                          "name": "canary",
                          "timeout": "1m30s",
                          "route": [
                            { "host": "reviews", "subset": "v2", "weight": 20 },
                            { "host": "reviews", "subset": "v1", "weight": 80 }
                          ],
                          "retries": { "attempts": 3, "perTryTimeout": "500ms", "retryOn": "5xx" }
                        },
                        { "route": [ { "host": "reviews" } ] }
                      ],
                      "policy": "ROUND_ROBIN",
                      "policies": [ "LEAST_CONN" ],
                      "headers": { "end-user": { "exact": "jason" }, "x-empty": {} },
                      "enabled": false,
                      "priority": -1,
                      "port": 9080,
                      "big": 42,
                      "huge": 18446744073709551615,
                      "ratio": 12.5,
                      "consecutive5xxErrors": 5,
                      "outlier": {}
                    }
                  },
                  {
                    "apiVersion": "networking.istio.io/v1alpha3",
                    "kind": "DestinationRule",
                    "metadata": { "name": "reviews-dr", "namespace": "bookinfo" },
                    "spec": { "labels": {}, "http": [] }
                  },
                  {
                    "apiVersion": "networking.istio.io/v1",
                    "kind": "VirtualService",
                    "metadata": { "name": "broken" },
                    "spec": { "http": [ { "route": [ { "weight": "heavy" } ] } ], "colour": "red" }
                  }
                ]
              }
            }
            """;
        var file = dir.Write("appsettings.json", json);
        var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();

        var result = MeshConfigLoader.LoadConfiguration(configuration.GetSection("Mesh"), ParsingTestSupport.TestSpecs);

        Assert.Equal("default", result.Namespace);
        Assert.Equal(LoadYaml(Resources).Resources, result.Resources);
        Assert.Equal(
            [
                "appsettings:Mesh:Resources:2:spec:colour: error: VirtualService/default/broken: spec: unknown field \"colour\"",
                "appsettings:Mesh:Resources:2:spec:http:0:route:0:weight: error: VirtualService/default/broken: spec.http[0].route[0].weight: expected an int32, got \"heavy\"",
            ],
            result.Diagnostics.Select(d => d.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(new SourceLocation("appsettings:Mesh:Resources:0:spec:http:0", 0, 0), ((TestSpecConfig)result.Resources[0].Spec).Http![0].Source);
    }

    [Fact]
    public void LoadConfiguration_NoResources_IsEmptyAndValid()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Mesh:Namespace", "x")]).Build();

        var result = MeshConfigLoader.LoadConfiguration(configuration.GetSection("Mesh"));

        Assert.False(result.HasErrors);
        Assert.Empty(result.Resources);
        Assert.Equal("x", result.Namespace);
    }

    [Fact]
    public void LoadConfiguration_ResourcesNotAList_IsAnError()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Mesh:Resources:reviews:kind", "VirtualService")]).Build();

        var result = MeshConfigLoader.LoadConfiguration(configuration.GetSection("Mesh"));

        Assert.Equal("appsettings:Mesh:Resources: error: expected a list of resources, got an object", Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void LoadPaths_Directory_ReadsYamlYmlAndJsonRecursivelyInOrdinalOrder()
    {
        using var dir = new TempDirectory();
        dir.Write("b.yaml", Resource("b"));
        dir.Write("a.yml", Resource("a"));
        dir.Write("sub/c.json", """{"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": "c"}}""");
        dir.Write("notes.txt", "not: [yaml");
        dir.Write("README.md", "# not yaml");
        dir.Write("d.yaml.bak", "broken: [");

        var result = MeshConfigLoader.LoadPaths([dir.Path], ParsingTestSupport.TestSpecs);

        Assert.False(result.HasErrors, ParsingTestSupport.Errors(result.Diagnostics));
        Assert.Equal(["a", "b", "c"], result.Resources.Select(r => r.Metadata.Name));
        Assert.Equal(Path.Combine(dir.Path, "sub", "c.json"), result.Resources[2].Source!.File);
    }

    [Fact]
    public void LoadPaths_MissingPath_IsAnErrorAndOtherPathsStillLoad()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("a.yaml", Resource("a"));

        var result = MeshConfigLoader.LoadPaths(["no/such/mesh.yaml", file], ParsingTestSupport.TestSpecs);

        Assert.Equal("no/such/mesh.yaml: error: no such file or directory", Assert.Single(result.Diagnostics).ToString());
        Assert.Equal("a", Assert.Single(result.Resources).Metadata.Name);
    }

    [Fact]
    public void LoadPaths_RelativePath_StaysRelativeInMessages()
    {
        using var dir = new TempDirectory();
        dir.Write("bad.yaml", Resource("a") + "  wrong: 1\n");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(dir.Path, "bad.yaml"));

        var result = MeshConfigLoader.LoadPaths([relative], ParsingTestSupport.TestSpecs);

        Assert.StartsWith(relative + ":6:3: error: Gateway/default/a: spec: unknown field \"wrong\"", Assert.Single(result.Diagnostics).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPaths_FileLargerThan16MiB_IsRejectedWithoutReading()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("huge.yaml", "a: " + new string('x', 20 * 1024 * 1024));

        var result = MeshConfigLoader.LoadPaths([file]);

        Assert.Equal(
            $"{file}:1:1: error: file of 20971523 bytes exceeds the limit of 16777216 bytes (16 MiB)",
            Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void LoadYaml_SyntaxErrorAndBindErrors_AreAllReported()
    {
        var result = LoadYaml(Resource("a") + "  port: x\n---\n" + Resource("b") + "  hosts: {}\n---\nkind: [\n");

        Assert.Equal(3, result.Diagnostics.Count);
        Assert.True(result.HasErrors);
        Assert.Empty(result.Resources);
    }

    private static string Resource(string name) =>
        $"apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: {name}\nspec:\n";
}
