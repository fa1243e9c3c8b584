using MeshLib.Configuration;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Parsing;

namespace MeshLib.Tests.Configuration.Parsing;

public class ConfigBinderTests
{
    private static TestSpecConfig BindValid(string yaml)
    {
        var (record, diagnostics) = ParsingTestSupport.Bind<TestSpecConfig>(yaml);
        Assert.True(diagnostics.Count == 0, ParsingTestSupport.Errors(diagnostics));
        return record!;
    }

    private static ConfigDiagnostic BindError(string yaml)
    {
        var (_, diagnostics) = ParsingTestSupport.Bind<TestSpecConfig>(yaml);
        return Assert.Single(diagnostics);
    }

    [Fact]
    public void Bind_EveryShape_ReadsTheValues()
    {
        var spec = BindValid("""
            hosts: [reviews, "ratings"]
            http:
            - name: r1
              timeout: 1m30s
              route:
              - host: reviews
                subset: v1
                weight: 80
            policy: LEAST_CONN
            policies: [ROUND_ROBIN, 1]
            labels: {app: reviews, "app.kubernetes.io/name": x, empty: ~}
            headers:
              end-user: {exact: jason}
            enabled: true
            priority: -5
            port: 4294967295
            big: -9223372036854775808
            huge: 18446744073709551615
            ratio: 0.5
            consecutive5xxErrors: 7
            retries: {attempts: 3, perTryTimeout: 0.5s, retryOn: "5xx,reset"}
            """);

        Assert.Equal(["reviews", "ratings"], spec.Hosts!);
        var route = Assert.Single(spec.Http!);
        Assert.Equal("r1", route.Name);
        Assert.Equal(Duration.Parse("90s"), route.Timeout);
        Assert.Equal(new TestDestinationConfig { Host = "reviews", Subset = "v1", Weight = 80 }, Assert.Single(route.Route!));
        Assert.Equal(TestPolicy.LeastConn, spec.Policy);
        Assert.Equal([TestPolicy.RoundRobin, TestPolicy.LeastConn], spec.Policies!);
        Assert.Equal("reviews", spec.Labels!["app"]);
        Assert.Equal("x", spec.Labels["app.kubernetes.io/name"]);
        Assert.Equal(string.Empty, spec.Labels["empty"]);
        Assert.Equal("jason", spec.Headers!["end-user"].Exact);
        Assert.True(spec.Enabled);
        Assert.Equal(-5, spec.Priority);
        Assert.Equal(uint.MaxValue, spec.Port);
        Assert.Equal(long.MinValue, spec.Big);
        Assert.Equal(ulong.MaxValue, spec.Huge);
        Assert.Equal(0.5, spec.Ratio);
        Assert.Equal(7u, spec.Consecutive5xxErrors);
        Assert.Equal(new TestRetriesConfig { Attempts = 3, PerTryTimeout = Duration.FromMilliseconds(500), RetryOn = "5xx,reset" }, spec.Retries);
        Assert.Null(spec.Outlier);
    }

    [Fact]
    public void Bind_SetsSourceAndFieldSourcesOnEveryRecord()
    {
        var spec = BindValid("hosts: [a]\nretries:\n  attempts: 3\n");

        Assert.Equal(new SourceLocation("test.yaml", 1, 1), spec.Source);
        Assert.Equal(new SourceLocation("test.yaml", 2, 1), spec.LocationOf("retries"));
        Assert.Equal(new SourceLocation("test.yaml", 3, 3), spec.Retries!.Source);
        Assert.Equal(new SourceLocation("test.yaml", 3, 3), spec.Retries.LocationOf("attempts"));
    }

    [Fact]
    public void Bind_SnakeCaseKeys_AreAcceptedAsProtobufNames()
    {
        var snake = BindValid("retries: {per_try_timeout: 2s, retry_on: 5xx}\nconsecutive_5xx_errors: 3\n");
        var camel = BindValid("retries: {perTryTimeout: 2s, retryOn: 5xx}\nconsecutive5xxErrors: 3\n");

        Assert.Equal(camel, snake);
        Assert.Equal(new SourceLocation("test.yaml", 1, 11), snake.Retries!.LocationOf("perTryTimeout"));
    }

    [Fact]
    public void Bind_SameFieldInBothSpellings_IsAnError()
    {
        var error = BindError("retries: {perTryTimeout: 2s, per_try_timeout: 3s}\n");

        Assert.Equal(
            "test.yaml:1:30: error: VirtualService/default/test: spec.retries: duplicate field \"per_try_timeout\" (already given as \"perTryTimeout\")",
            error.ToString());
    }

    [Fact]
    public void Bind_UnknownField_NamesTheFieldAtItsKey()
    {
        var error = BindError("hosts: [a]\nhttp:\n- name: r\n  route:\n  - host: a\n    wieght: 5\n");

        Assert.Equal(new SourceLocation("test.yaml", 6, 5), error.Location);
        Assert.Equal("spec.http[0].route[0]", error.FieldPath);
        Assert.Equal("unknown field \"wieght\"", error.Message);
        Assert.Equal(
            "test.yaml:6:5: error: VirtualService/default/test: spec.http[0].route[0]: unknown field \"wieght\"",
            error.ToString());
    }

    [Fact]
    public void Bind_CamelCaseIsCaseSensitive()
    {
        Assert.Equal("unknown field \"Hosts\"", BindError("Hosts: [a]\n").Message);
    }

    [Fact]
    public void Bind_EveryErrorIsReportedAtOnce()
    {
        var (record, diagnostics) = ParsingTestSupport.Bind<TestSpecConfig>(
            "hosts: a\nfoo: 1\nhttp:\n- timeout: 5\n  route:\n  - weight: x\n- bar: 2\npolicy: MAGIC\nport: -1\n");

        Assert.Equal(
            [
                "spec.hosts: expected a list, got \"a\"",
                "spec: unknown field \"foo\"",
                "spec.http[0].timeout: time: missing unit in duration \"5\"",
                "spec.http[0].route[0].weight: expected an int32, got \"x\"",
                "spec.http[1]: unknown field \"bar\"",
                "spec.policy: invalid value \"MAGIC\", expected one of UNSPECIFIED, LEAST_CONN, ROUND_ROBIN",
                "spec.port: value \"-1\" is out of range for uint32 (0 to 4294967295)",
            ],
            diagnostics.Select(d => $"{d.FieldPath}: {d.Message}"));
        Assert.All(diagnostics, d => Assert.Equal("VirtualService/default/test", d.Resource));
        Assert.NotNull(record);
        Assert.Null(record.Hosts);
    }

    [Theory]
    [InlineData("hosts: {a: b}", "spec.hosts", "expected a list, got an object")]
    [InlineData("retries: [1]", "spec.retries", "expected an object, got a list")]
    [InlineData("retries: 3", "spec.retries", "expected an object, got \"3\"")]
    [InlineData("labels: [a]", "spec.labels", "expected an object, got a list")]
    [InlineData("labels: {a: {b: c}}", "spec.labels.a", "expected a string, got an object")]
    [InlineData("hosts: [[a]]", "spec.hosts[0]", "expected a string, got a list")]
    [InlineData("http: [~]", "spec.http[0]", "expected an object, got null")]
    [InlineData("enabled: yes", "spec.enabled", "expected a boolean (true or false), got \"yes\"")]
    [InlineData("ratio: abc", "spec.ratio", "expected a number, got \"abc\"")]
    [InlineData("ratio: .nan", "spec.ratio", "expected a number, got \".nan\"")]
    [InlineData("priority: 1.5", "spec.priority", "expected an int32, got \"1.5\"")]
    [InlineData("priority: 2147483648", "spec.priority", "value \"2147483648\" is out of range for int32 (-2147483648 to 2147483647)")]
    [InlineData("big: 99999999999999999999999999999999999999999999", "spec.big", "value \"99999999999999999999999999999999999999999999\" is out of range for int64 (-9223372036854775808 to 9223372036854775807)")]
    [InlineData("huge: -1", "spec.huge", "value \"-1\" is out of range for uint64 (0 to 18446744073709551615)")]
    [InlineData("headers: {\"a b\": {exact: [x]}}", "spec.headers[\"a b\"].exact", "expected a string, got a list")]
    public void Bind_WrongShapeOrValue_NamesWhatWasExpected(string yaml, string path, string message)
    {
        var error = BindError(yaml);

        Assert.Equal(path, error.FieldPath);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("LEAST_CONN", TestPolicy.LeastConn)]
    [InlineData("ROUND_ROBIN", TestPolicy.RoundRobin)]
    [InlineData("0", TestPolicy.Unspecified)]
    [InlineData("3", TestPolicy.RoundRobin)]
    [InlineData("\"1\"", TestPolicy.LeastConn)]
    public void Bind_Enum_ByNameOrDefinedNumber(string text, TestPolicy expected)
    {
        Assert.Equal(expected, BindValid("policy: " + text).Policy);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("least_conn")]
    [InlineData("LeastConn")]
    public void Bind_Enum_UndefinedNumberOrOtherSpellingIsAnError(string text)
    {
        var error = BindError("policy: " + text);

        Assert.Equal($"invalid value \"{text}\", expected one of UNSPECIFIED, LEAST_CONN, ROUND_ROBIN", error.Message);
    }

    [Theory]
    [InlineData("7s", 7_000)]
    [InlineData("0.5s", 500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("100ms", 100)]
    [InlineData("1h", 3_600_000)]
    [InlineData("\"2s\"", 2_000)]
    public void Bind_Duration_GoSyntax(string text, long milliseconds)
    {
        Assert.Equal(Duration.FromMilliseconds(milliseconds), BindValid($"http: [{{timeout: {text}}}]").Http![0].Timeout);
    }

    [Theory]
    [InlineData("1d", "time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData("5", "time: missing unit in duration \"5\"")]
    [InlineData("abc", "time: invalid duration \"abc\"")]
    [InlineData("\"\"", "time: invalid duration \"\"")]
    public void Bind_Duration_InvalidUsesGosWording(string text, string message)
    {
        var error = BindError($"http: [{{timeout: {text}}}]");

        Assert.Equal("spec.http[0].timeout", error.FieldPath);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Bind_PlainNullLeavesThePropertyNull()
    {
        var spec = BindValid("hosts:\npolicy: ~\nretries: null\nport:\nlabels: {}\n");

        Assert.Null(spec.Hosts);
        Assert.Null(spec.Policy);
        Assert.Null(spec.Retries);
        Assert.Null(spec.Port);
        Assert.Empty(spec.Labels!);
    }

    [Fact]
    public void Bind_QuotedScalars_AreReadAsNumbersAndBooleans()
    {
        var spec = BindValid("port: \"8080\"\nenabled: \"True\"\nratio: '1e2'\n");

        Assert.Equal((8080u, true, 100.0), (spec.Port!.Value, spec.Enabled!.Value, spec.Ratio!.Value));
    }

    [Fact]
    public void Bind_ScalarsOfAnyTypeAreStrings()
    {
        var spec = BindValid("hosts: [1, true, 1.5, \"null\"]\n");

        Assert.Equal(["1", "true", "1.5", "null"], spec.Hosts!);
    }

    [Fact]
    public void Bind_EmptyMapping_GivesAnEmptyRecordNotNull()
    {
        var spec = BindValid("outlier: {}\n");

        Assert.Equal(new TestRetriesConfig(), spec.Outlier);
    }

    [Fact]
    public void Bind_TopLevelNotAMapping_IsAnError()
    {
        var diagnostics = new List<ConfigDiagnostic>();

        var result = new ConfigBinder(diagnostics).Bind<TestSpecConfig>(ParsingTestSupport.SingleDocument("[a]"), "spec");

        Assert.Null(result);
        Assert.Equal("test.yaml:1:1: error: spec: expected an object, got a list", Assert.Single(diagnostics).ToString());
    }

    [Fact]
    public void Bind_EqualityIgnoresSources()
    {
        var a = BindValid("hosts: [a]\nretries: {attempts: 1}\n");
        var b = BindValid("\n\nretries:\n  attempts: 1\nhosts:\n- a\n");

        Assert.Equal(a, b);
        Assert.NotEqual(a.Source, b.Source);
    }
}
