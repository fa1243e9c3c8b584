using System.Text.RegularExpressions;
using MeshLib.Cli;
using MeshLib.Tests.Configuration.Parsing;

namespace MeshLib.Tests.Cli;

public sealed class ValidateCommandTests : IDisposable
{
    private const string Broken = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {host: reviews}
            rout: []
            timeout: -3s
        """;

    private readonly CliTestSupport _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Validate_Corpus_ReportsNoErrors_AndExitsZero()
    {
        var (code, stdout, _) = CliTestSupport.Run("validate", ParsingTestSupport.CorpusDirectory);

        Assert.Equal(Meshctl.Success, code);
        Assert.DoesNotContain(": error: ", stdout, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^0 error\(s\), \d+ warning\(s\) in 59 resources$", RegexOptions.Multiline), stdout.TrimEnd());
    }

    [Fact]
    public void Validate_CleanFile_SaysNoIssues_AndExitsZero()
    {
        var path = _files.Write("registry.yaml", CliTestSupport.Registry);

        var (code, stdout, stderr) = CliTestSupport.Run("validate", path);

        Assert.Equal(Meshctl.Success, code);
        Assert.Equal("no validation issues found in 2 resources", stdout.Trim());
        Assert.Empty(stderr);
    }

    [Fact]
    public void Validate_BrokenFile_PrintsFileLineColumnKindNameFieldMessage_AndExitsOne()
    {
        var path = _files.Write("broken.yaml", Broken);

        var (code, stdout, _) = CliTestSupport.Run("validate", path);

        Assert.Equal(Meshctl.ConfigurationErrors, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains($"{path}:10:5: error: VirtualService/default/reviews: spec.http[0]: unknown field \"rout\"", lines);
        Assert.All(
            lines[..^1],
            line => Assert.Matches(@"^.+:\d+:\d+: (error|warning): VirtualService/default/reviews: [\w.\[\]]+: .+$", line));
        Assert.StartsWith("1 error(s)", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SemanticError_NamesTheField()
    {
        var path = _files.Write("timeout.yaml", Broken.Replace("    rout: []\n", string.Empty, StringComparison.Ordinal));

        var (code, stdout, _) = CliTestSupport.Run("validate", path);

        Assert.Equal(Meshctl.ConfigurationErrors, code);
        Assert.Contains($"{path}:10:5: error: VirtualService/default/reviews: spec.http[0].timeout: duration must be greater than 1ms", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Namespace_NamesResourcesInIt()
    {
        var path = _files.Write("timeout.yaml", Broken.Replace("    rout: []\n", string.Empty, StringComparison.Ordinal));

        var (code, stdout, _) = CliTestSupport.Run("validate", "--namespace", "bookinfo", path);

        Assert.Equal(Meshctl.ConfigurationErrors, code);
        Assert.Contains("error: VirtualService/bookinfo/reviews: spec.http[0].timeout: duration must be greater than 1ms", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingPath_IsAnError()
    {
        var missing = Path.Combine(_files.Directory, "missing.yaml");

        var (code, stdout, _) = CliTestSupport.Run("validate", missing);

        Assert.Equal(Meshctl.ConfigurationErrors, code);
        Assert.Contains($"{missing}: error: no such file or directory", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("validate", "--bogus", "x.yaml")]
    [InlineData("frobnicate")]
    public void Validate_UsageErrors_ExitTwo(params string[] args)
    {
        var (code, stdout, stderr) = CliTestSupport.Run(args);

        Assert.Equal(Meshctl.UsageError, code);
        Assert.Empty(stdout);
        Assert.Contains("usage:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Meshctl_NoArguments_IsAUsageError()
    {
        var (code, _, stderr) = CliTestSupport.Run();

        Assert.Equal(Meshctl.UsageError, code);
        Assert.Contains("meshctl explain", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Help_ExitsZero()
    {
        var (code, stdout, _) = CliTestSupport.Run("validate", "--help");

        Assert.Equal(Meshctl.Success, code);
        Assert.Contains("usage: meshctl validate", stdout, StringComparison.Ordinal);
    }
}
