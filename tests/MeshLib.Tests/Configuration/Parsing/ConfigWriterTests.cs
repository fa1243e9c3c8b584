using MeshLib.Configuration;
using MeshLib.Configuration.Parsing;
using MeshLib.Configuration.Resources;
using Microsoft.Extensions.Configuration;

namespace MeshLib.Tests.Configuration.Parsing;

public class ConfigWriterTests
{
    private static readonly MeshResource Sample = new()
    {
        ApiVersion = "networking.istio.io/v1",
        Kind = ResourceKind.VirtualService,
        Metadata = new ObjectMetaConfig
        {
            Name = "reviews",
            Namespace = "bookinfo",
            Labels = new([new("version", "1"), new("flag", "true"), new("none", "null"), new("empty", ""), new("app.kubernetes.io/name", "reviews")]),
            Generation = 3,
        },
        Spec = new TestSpecConfig
        {
            Hosts = new(["reviews", "1.5", "-1", "~", "yes", "*.example.com", "a: b", "#x", "multi\nline"]),
            Http = new(
            [
                new TestRouteConfig
                {
                    Name = "r",
                    Timeout = Duration.Parse("1m30.5s"),
                    Route = new([new TestDestinationConfig { Host = "reviews", Subset = "v1", Weight = 100 }]),
                    Retries = new TestRetriesConfig { Attempts = 0, PerTryTimeout = Duration.Parse("250us") },
                },
            ]),
            Policy = TestPolicy.RoundRobin,
            Policies = new([TestPolicy.Unspecified, TestPolicy.LeastConn]),
            Headers = new([new("end-user", new TestMatchConfig { Prefix = "j" }), new("x", new TestMatchConfig())]),
            Enabled = false,
            Priority = int.MinValue,
            Port = uint.MaxValue,
            Big = long.MaxValue,
            Huge = ulong.MaxValue,
            Ratio = 1e-5,
            Consecutive5xxErrors = 0,
            Outlier = new TestRetriesConfig(),
        },
    };

    private static readonly MeshResource Empty = new()
    {
        ApiVersion = "networking.istio.io/v1beta1",
        Kind = ResourceKind.Gateway,
        Metadata = new ObjectMetaConfig { Name = "g", Labels = new([]) },
        Spec = new TestSpecConfig { Hosts = new([]) },
    };

    [Fact]
    public void Yaml_RoundTrip_GivesEqualRecords()
    {
        var yaml = ConfigWriter.ToYaml([Sample, Empty]);

        var result = MeshConfigLoader.LoadYaml(yaml, "written.yaml", ParsingTestSupport.TestSpecs);

        Assert.False(result.HasErrors, ParsingTestSupport.Errors(result.Diagnostics) + "\n" + yaml);
        Assert.Equal([Sample, Empty], result.Resources);
        Assert.Equal(yaml, ConfigWriter.ToYaml(result.Resources));
    }

    [Fact]
    public void Yaml_UsesCamelCaseKeysIstioEnumNamesGoDurationsAndQuotesLookalikes()
    {
        var yaml = ConfigWriter.ToYaml([Sample]);

        Assert.Contains("consecutive5xxErrors: 0", yaml, StringComparison.Ordinal);
        Assert.Contains("policy: ROUND_ROBIN", yaml, StringComparison.Ordinal);
        Assert.Contains("timeout: 1m30.5s", yaml, StringComparison.Ordinal);
        Assert.Contains("perTryTimeout: 250µs", yaml, StringComparison.Ordinal);
        Assert.Contains("version: \"1\"", yaml, StringComparison.Ordinal);
        Assert.Contains("flag: \"true\"", yaml, StringComparison.Ordinal);
        Assert.Contains("- \"~\"", yaml, StringComparison.Ordinal);
        Assert.Contains("- reviews", yaml, StringComparison.Ordinal);
        Assert.Contains("outlier: {}", yaml, StringComparison.Ordinal);
        Assert.StartsWith("---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_RoundTrip_GivesEqualRecords()
    {
        var pairs = ConfigWriter.ToConfiguration([Sample, Empty], "Mesh:Resources").ToList();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(pairs).Build();

        var result = MeshConfigLoader.LoadConfiguration(configuration.GetSection("Mesh"), ParsingTestSupport.TestSpecs);

        Assert.False(result.HasErrors, ParsingTestSupport.Errors(result.Diagnostics));
        Assert.Equal([Sample, Empty], result.Resources);
        Assert.Contains(new KeyValuePair<string, string?>("Mesh:Resources:0:spec:hosts:0", "reviews"), pairs);
        Assert.Contains(new KeyValuePair<string, string?>("Mesh:Resources:0:spec:http:0:timeout", "1m30.5s"), pairs);
        Assert.Contains(new KeyValuePair<string, string?>("Mesh:Resources:0:spec:policy", "ROUND_ROBIN"), pairs);
        Assert.Contains(new KeyValuePair<string, string?>("Mesh:Resources:1:spec:hosts", null), pairs);
    }

    [Fact]
    public void Yaml_AnyRecord_CanBeWritten()
    {
        var yaml = ConfigWriter.ToYaml(new TestRetriesConfig { Attempts = 2, RetryOn = "reset" });

        Assert.Equal("attempts: 2\nretryOn: reset\n", yaml.Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
