using MeshLib.Configuration;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.Validation;
using MeshLib.Configuration.WorkloadEntry;
using static MeshLib.Tests.Configuration.Validation.ValidationTestKit;

namespace MeshLib.Tests.Configuration.Validation;

public class WorkloadEntryValidatorTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;

    private static List<ConfigDiagnostic> Validate(WorkloadEntryConfig spec) =>
        Run(ResourceKind.WorkloadEntry, spec, WorkloadEntryValidator.Validate);

    [Theory]
    [InlineData("10.0.0.7")]
    [InlineData("2001:db8::7")]
    [InlineData("vm-1.example.com")]
    [InlineData("unix:///var/run/app.sock")]
    public void Address_Valid(string address) =>
        Assert.Empty(Validate(new WorkloadEntryConfig
        {
            Address = address,
            Labels = Map(("app", "ratings"), ("version", "v1")),
            Ports = address.StartsWith("unix:", StringComparison.Ordinal) ? null : Map(("http", 9080u)),
            Weight = 10,
            Locality = "us-east/zone1/sub1",
            ServiceAccount = "ratings",
            Network = "vm-network",
        }));

    [Fact]
    public void Address_Missing_IsError() =>
        Single(Validate(new WorkloadEntryConfig { Labels = Map(("app", "x")) }), Error, "spec.address", "address is required");

    [Fact]
    public void Address_MissingWithNetwork_IsWarning() =>
        Single(Validate(new WorkloadEntryConfig { Network = "remote" }), Warning, "spec.address", "address is unset with network \"remote\"");

    [Fact]
    public void Address_NotIpOrFqdn_IsError() =>
        Single(Validate(new WorkloadEntryConfig { Address = "vm_1" }), Error, "spec.address", "endpoint address \"vm_1\" is not a valid FQDN or an IP address");

    [Fact]
    public void Address_UnixRelative_IsError() =>
        Single(Validate(new WorkloadEntryConfig { Address = "unix://app.sock" }), Error, "spec.address", "UDS must be an absolute path or abstract socket");

    [Fact]
    public void Address_UnixDirectory_IsError() =>
        Single(Validate(new WorkloadEntryConfig { Address = "unix:///var/run/" }), Error, "spec.address", "UDS may not be a dir");

    [Fact]
    public void Ports_WithUnixAddress_IsError() =>
        Single(
            Validate(new WorkloadEntryConfig { Address = "unix:///var/run/app.sock", Ports = Map(("http", 80u)) }),
            Error, "spec.ports", "unix endpoint unix:///var/run/app.sock must not include ports");

    [Fact]
    public void Ports_InvalidName_IsError() =>
        Single(Validate(new WorkloadEntryConfig { Address = "10.0.0.7", Ports = Map(("http_1", 80u)) }), Error, "spec.ports", "invalid port name: http_1");

    [Fact]
    public void Ports_OutOfRange_IsError() =>
        Single(Validate(new WorkloadEntryConfig { Address = "10.0.0.7", Ports = Map(("http", 65536u)) }), Error, "spec.ports", "port number 65536 must be in the range 1..65535");

    [Fact]
    public void Labels_InvalidKey_IsError() =>
        Single(Validate(new WorkloadEntryConfig { Address = "10.0.0.7", Labels = Map(("app/", "x")) }), Error, "spec.labels", "invalid tag key: \"app/\"");

    [Fact]
    public void Labels_InvalidValue_IsError() =>
        Single(Validate(new WorkloadEntryConfig { Address = "10.0.0.7", Labels = Map(("app", "-x")) }), Error, "spec.labels", "invalid tag value: \"-x\"");

    [Fact]
    public void Weight_AnyUnsignedValue_IsValid() =>
        Assert.Empty(Validate(new WorkloadEntryConfig { Address = "10.0.0.7", Weight = uint.MaxValue }));

    [Fact]
    public void Diagnostic_PointsAtTheAddressField()
    {
        var addressLocation = new SourceLocation("vm.yaml", 7, 12);
        var spec = new WorkloadEntryConfig
        {
            Address = "not valid",
            Source = new SourceLocation("vm.yaml", 6, 3),
            FieldSources = new Dictionary<string, SourceLocation> { ["address"] = addressLocation },
        };

        var diagnostic = Single(Validate(spec), Error, "spec.address", "endpoint address \"not valid\" is not a valid FQDN or an IP address");

        Assert.Equal(addressLocation, diagnostic.Location);
        Assert.Equal("WorkloadEntry/default/reviews", diagnostic.Resource);
    }
}
