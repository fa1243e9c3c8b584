using MeshLib.Configuration;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.ServiceEntry;
using MeshLib.Configuration.Validation;
using MeshLib.Configuration.WorkloadEntry;
using static MeshLib.Tests.Configuration.Validation.ValidationTestKit;

namespace MeshLib.Tests.Configuration.Validation;

public class ServiceEntryValidatorTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;

    private static List<ConfigDiagnostic> Validate(ServiceEntryConfig spec) =>
        Run(ResourceKind.ServiceEntry, spec, ServiceEntryValidator.Validate);

    private static ServicePortConfig Http(uint number = 80, string name = "http") => new() { Number = number, Name = name, Protocol = "HTTP" };

    // A valid HTTP entry; each test changes one thing.
    private static ServiceEntryConfig Entry(
        ServiceEntryResolution resolution = ServiceEntryResolution.Dns,
        EquatableList<string>? hosts = null,
        EquatableList<ServicePortConfig>? ports = null,
        EquatableList<WorkloadEntryConfig>? endpoints = null,
        EquatableList<string>? addresses = null) => new()
        {
            Hosts = hosts ?? List("api.example.com"),
            Ports = ports ?? List(Http()),
            Resolution = resolution,
            Endpoints = endpoints,
            Addresses = addresses,
        };

    private static WorkloadEntryConfig Endpoint(string address, params (string Name, uint Port)[] ports) =>
        new() { Address = address, Ports = ports.Length == 0 ? null : Map(ports) };

    [Fact]
    public void BookinfoRegistryWithStaticEndpointsAndLabels_IsValid()
    {
        var spec = new ServiceEntryConfig
        {
            Hosts = List("reviews.default.svc.cluster.local"),
            Location = ServiceEntryLocation.MeshInternal,
            Resolution = ServiceEntryResolution.Static,
            Ports = List(Http(9080)),
            Endpoints = List(
                new WorkloadEntryConfig { Address = "10.0.0.11", Labels = Map(("app", "reviews"), ("version", "v1")) },
                new WorkloadEntryConfig { Address = "10.0.0.12", Labels = Map(("app", "reviews"), ("version", "v2")), Ports = Map(("http", 9081u)) },
                new WorkloadEntryConfig { Address = "10.0.0.13", Labels = Map(("app", "reviews"), ("version", "v3")), Weight = 2, Locality = "us-east/zone1" }),
        };

        Assert.Empty(Validate(spec));
    }

    [Fact]
    public void ExternalDnsEntry_IsValid() =>
        Assert.Empty(Validate(Entry(ports: List(Http(), new ServicePortConfig { Number = 443, Name = "https", Protocol = "TLS" }))));

    // --- Hosts ---

    [Fact]
    public void Hosts_Missing_IsError() =>
        Single(Validate(Entry(hosts: List<string>(), resolution: ServiceEntryResolution.None)), Error, "spec.hosts", "service entry must have at least one host");

    [Fact]
    public void Hosts_Wildcard_IsError() =>
        Single(Validate(Entry(hosts: List("*"), resolution: ServiceEntryResolution.None)), Error, "spec.hosts", "invalid host *");

    [Fact]
    public void Hosts_Invalid_IsError() =>
        Single(
            Validate(Entry(hosts: List("api.exa_mple.com"), resolution: ServiceEntryResolution.None)),
            Error, "spec.hosts", "domain name \"exa_mple.com\" invalid (label \"exa_mple\" invalid)");

    [Fact]
    public void Hosts_PartialWildcard_IsWarning() =>
        Single(Validate(Entry(hosts: List("*foo.com"), resolution: ServiceEntryResolution.None)), Warning, "spec.hosts", "partial wildcard \"*foo.com\" not allowed");

    [Fact]
    public void Hosts_PartialWildcardWithDynamicDns_IsNotWarned() =>
        Assert.Empty(Validate(Entry(hosts: List("*foo.com"), resolution: ServiceEntryResolution.DynamicDns)));

    [Fact]
    public void Hosts_TooMany_IsError() =>
        Single(
            Validate(Entry(hosts: new EquatableList<string>(Enumerable.Range(0, 257).Select(i => $"h{i}.example.com")), resolution: ServiceEntryResolution.None)),
            Error, "spec.hosts", "Too many: 257: must have at most 256 items");

    // --- Addresses ---

    [Fact]
    public void Addresses_InvalidIp_IsError() =>
        Single(Validate(Entry(resolution: ServiceEntryResolution.None, addresses: List("10.0.0.300"))), Error, "spec.addresses", "10.0.0.300 is not a valid IP");

    [Fact]
    public void Addresses_InvalidCidr_IsError() =>
        Single(Validate(Entry(resolution: ServiceEntryResolution.None, addresses: List("10.0.0.0/33"))), Error, "spec.addresses", "10.0.0.0/33 is not a valid CIDR block");

    [Fact]
    public void Addresses_CidrWithDns_IsError() =>
        Single(
            Validate(Entry(addresses: List("10.0.0.0/24"))),
            Error, "spec.addresses", "CIDR addresses are allowed only for NONE/STATIC resolution types");

    [Fact]
    public void Addresses_TooLong_IsError() =>
        Contains(
            Validate(Entry(resolution: ServiceEntryResolution.None, addresses: List(new string('1', 65)))),
            Error, "spec.addresses", "Too long: may not be more than 64 bytes");

    // --- Ports ---

    [Fact]
    public void Ports_Null_IsError() =>
        Single(Validate(Entry(ports: new EquatableList<ServicePortConfig>([null!]))), Error, "spec.ports[0]", "service entry port may not be null");

    [Fact]
    public void Ports_DuplicateName_IsError() =>
        Single(Validate(Entry(ports: List(Http(80), Http(8080)))), Error, "spec.ports[1].name", "service entry port name \"http\" already defined");

    [Fact]
    public void Ports_DuplicateNumber_IsError() =>
        Single(Validate(Entry(ports: List(Http(80), Http(80, "http-alt")))), Error, "spec.ports[1].number", "service entry port 80 already defined");

    [Fact]
    public void Ports_InvalidName_IsError() =>
        Single(Validate(Entry(ports: List(Http(80, "http_web")))), Error, "spec.ports[0].name", "invalid port name: http_web");

    [Fact]
    public void Ports_UnsupportedProtocol_IsError() =>
        Single(
            Validate(Entry(ports: List(new ServicePortConfig { Number = 80, Name = "web", Protocol = "SPDY" }))),
            Error, "spec.ports[0].protocol", "unsupported protocol: SPDY");

    [Fact]
    public void Ports_ProtocolIsCaseInsensitive() =>
        Assert.Empty(Validate(Entry(ports: List(new ServicePortConfig { Number = 80, Name = "web", Protocol = "http" }))));

    [Fact]
    public void Ports_NumberOutOfRange_IsError() =>
        Single(Validate(Entry(ports: List(Http(0)))), Error, "spec.ports[0].number", "port number 0 must be in the range 1..65535");

    [Fact]
    public void Ports_TargetPortOutOfRange_IsError() =>
        Single(
            Validate(Entry(ports: List(new ServicePortConfig { Number = 80, Name = "http", Protocol = "HTTP", TargetPort = 70000 }))),
            Error, "spec.ports[0].targetPort", "port number 70000 must be in the range 1..65535");

    [Fact]
    public void Ports_TcpWithoutAddresses_IsWarning() =>
        Single(
            Validate(Entry(ports: List(new ServicePortConfig { Number = 3306, Name = "tcp", Protocol = "TCP" }))),
            Warning, "spec.ports[0].protocol", "addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled");

    [Fact]
    public void Ports_UnsetProtocolWithAddress_IsValid() =>
        Assert.Empty(Validate(Entry(ports: List(new ServicePortConfig { Number = 3306, Name = "db" }), addresses: List("240.0.0.1"))));

    // --- Resolution NONE ---

    [Fact]
    public void None_WithEndpoints_IsError() =>
        Single(
            Validate(Entry(resolution: ServiceEntryResolution.None, endpoints: List(Endpoint("10.0.0.1")))),
            Error, "spec.endpoints", "no endpoints should be provided for resolution type none");

    [Fact]
    public void None_WithWorkloadSelector_IsWarning()
    {
        var spec = Entry(resolution: ServiceEntryResolution.None) with { WorkloadSelector = new WorkloadSelectorConfig { Labels = Map(("app", "vm")) } };

        Single(Validate(spec), Warning, "spec.workloadSelector", "workloadSelector should not be set when resolution mode is NONE");
    }

    [Fact]
    public void ResolutionDefaultsToNone()
    {
        var spec = Entry(endpoints: List(Endpoint("10.0.0.1"))) with { Resolution = null };

        Single(Validate(spec), Error, "spec.endpoints", "no endpoints should be provided for resolution type none");
    }

    // --- Resolution STATIC ---

    [Fact]
    public void Static_HostnameEndpoint_IsError() =>
        Single(
            Validate(Entry(ServiceEntryResolution.Static, endpoints: List(Endpoint("db.example.com")))),
            Error, "spec.endpoints[0].address", "endpoint address \"db.example.com\" is not a valid IP address");

    [Fact]
    public void Static_UnixEndpointWithPorts_IsError() =>
        Single(
            Validate(Entry(ServiceEntryResolution.Static, endpoints: List(Endpoint("unix:///var/run/app.sock", ("http", 80u))))),
            Error, "spec.endpoints[0].ports", "unix endpoint unix:///var/run/app.sock must not include ports");

    [Fact]
    public void Static_UnixEndpointWithSeveralServicePorts_IsError() =>
        Single(
            Validate(Entry(ServiceEntryResolution.Static, ports: List(Http(80), Http(81, "http-2")), endpoints: List(Endpoint("unix:///var/run/app.sock")))),
            Error, "spec.endpoints[0].address", "exactly 1 service port required for unix endpoints");

    [Fact]
    public void Static_UnixEndpoint_IsValid() =>
        Assert.Empty(Validate(Entry(ServiceEntryResolution.Static, endpoints: List(Endpoint("unix:///var/run/app.sock"), Endpoint("unix://@abstract")))));

    [Fact]
    public void Static_UnixRelativePath_IsError() =>
        Single(
            Validate(Entry(ServiceEntryResolution.Static, endpoints: List(Endpoint("unix://var/run/app.sock")))),
            Error, "spec.endpoints[0].address", "UDS must be an absolute path or abstract socket");

    [Fact]
    public void Static_UnixDirectory_IsError() =>
        Single(
            Validate(Entry(ServiceEntryResolution.Static, endpoints: List(Endpoint("unix:///var/run/")))),
            Error, "spec.endpoints[0].address", "UDS may not be a dir");

    [Fact]
    public void Static_EndpointPortNotDefined_IsError() =>
        Single(
            Validate(Entry(ServiceEntryResolution.Static, endpoints: List(Endpoint("10.0.0.1", ("grpc", 9090u))))),
            Error, "spec.endpoints[0].ports", "endpoint port 9090 is not defined by the service entry");

    [Fact]
    public void Static_EndpointPortOutOfRange_IsError() =>
        Single(
            Validate(Entry(ServiceEntryResolution.Static, endpoints: List(Endpoint("10.0.0.1", ("http", 0u))))),
            Error, "spec.endpoints[0].ports", "port number 0 must be in the range 1..65535");

    [Fact]
    public void Static_EndpointWithoutAddress_IsError() =>
        Single(
            Validate(Entry(ServiceEntryResolution.Static, endpoints: List(new WorkloadEntryConfig { Labels = Map(("app", "x")) }))),
            Error, "spec.endpoints[0].address", "address is required");

    [Fact]
    public void Static_EndpointWithNetworkOnly_IsWarning() =>
        Single(
            Validate(Entry(ServiceEntryResolution.Static, endpoints: List(new WorkloadEntryConfig { Network = "network-2" }))),
            Warning, "spec.endpoints[0].address", "address is unset with network \"network-2\"");

    [Fact]
    public void Static_NullEndpoint_IsError() =>
        Single(
            Validate(Entry(ServiceEntryResolution.Static, endpoints: new EquatableList<WorkloadEntryConfig>([null!]))),
            Error, "spec.endpoints[0]", "endpoint cannot be nil");

    [Fact]
    public void Static_EndpointLabels_AreChecked() =>
        Single(
            Validate(Entry(ServiceEntryResolution.Static, endpoints: List(new WorkloadEntryConfig { Address = "10.0.0.1", Labels = Map(("version", "v1!")) }))),
            Error, "spec.endpoints[0].labels", "invalid tag value: \"v1!\"");

    // --- Resolution DNS / DNS_ROUND_ROBIN ---

    [Fact]
    public void Dns_NonFqdnHostWithoutEndpoints_IsError()
    {
        var diagnostics = Validate(Entry(hosts: List("*api.example.com")));

        Contains(diagnostics, Error, "spec.hosts",
            "hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS, domain name \"*api.example.com\" invalid (label \"*api\" invalid)");
    }

    [Fact]
    public void Dns_PrefixWildcardHostWithoutEndpoints_IsValid() => Assert.Empty(Validate(Entry(hosts: List("*.example.com"))));

    [Fact]
    public void DnsRoundRobin_SeveralEndpoints_IsError() =>
        Single(
            Validate(Entry(ServiceEntryResolution.DnsRoundRobin, endpoints: List(Endpoint("a.example.com"), Endpoint("b.example.com")))),
            Error, "spec.endpoints", "there must only be 0 or 1 endpoint for resolution mode DNS_ROUND_ROBIN");

    [Fact]
    public void Dns_BadEndpointAddress_IsError() =>
        Single(
            Validate(Entry(endpoints: List(Endpoint("db_1.example.com")))),
            Error, "spec.endpoints[0].address", "endpoint address \"db_1.example.com\" is not a valid FQDN or an IP address");

    [Fact]
    public void Dns_EndpointPortNotDefined_IsError() =>
        Single(
            Validate(Entry(endpoints: List(Endpoint("db.example.com", ("tcp", 5432u))))),
            Error, "spec.endpoints[0].ports", "endpoint port 5432 is not defined by the service entry");

    [Fact]
    public void Dns_WithWorkloadSelector_IsWarning()
    {
        var spec = Entry() with { WorkloadSelector = new WorkloadSelectorConfig { Labels = Map(("app", "vm")) } };

        Single(Validate(spec), Warning, "spec.workloadSelector", "workloadSelector should not be set when resolution mode is DNS");
    }

    [Fact]
    public void Dns_AddressesTcpPortAndSeveralHosts_IsWarning()
    {
        var diagnostics = Validate(Entry(
            hosts: List("a.example.com", "b.example.com"),
            ports: List(new ServicePortConfig { Number = 5432, Name = "tcp-db", Protocol = "TCP" }),
            addresses: List("240.0.0.1")));

        Assert.Equal(2, diagnostics.Count);
        Contains(diagnostics, Warning, "spec.hosts", "service entry can not have more than one host specified simultaneously with address and tcp port");
        Contains(diagnostics, Error, "spec.ports", "multiple hosts provided with non-HTTP, non-TLS ports");
    }

    // --- Resolution DYNAMIC_DNS ---

    [Fact]
    public void DynamicDns_HostNotWildcard_IsError() =>
        Single(
            Validate(Entry(ServiceEntryResolution.DynamicDns, hosts: List("api.example.com"))),
            Error, "spec.hosts", "host must be wildcarded for resolution mode DYNAMIC_DNS");

    [Fact]
    public void DynamicDns_Addresses_IsError() =>
        Single(
            Validate(Entry(ServiceEntryResolution.DynamicDns, hosts: List("*.example.com"), addresses: List("240.0.0.1"))),
            Error, "spec.addresses", "addresses cannot be set for resolution type DYNAMIC_DNS");

    [Fact]
    public void DynamicDns_Endpoints_IsError() =>
        Single(
            Validate(Entry(ServiceEntryResolution.DynamicDns, hosts: List("*.example.com"), endpoints: List(Endpoint("1.2.3.4")))),
            Error, "spec.endpoints", "endpoints cannot be set for resolution type DYNAMIC_DNS");

    [Fact]
    public void DynamicDns_TcpPort_IsError() =>
        Single(
            Validate(Entry(ServiceEntryResolution.DynamicDns, hosts: List("*.example.com"), ports: List(new ServicePortConfig { Number = 443, Name = "https", Protocol = "HTTPS" }))),
            Error, "spec.ports[0].protocol", "only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution type DYNAMIC_DNS");

    // --- Cross-field rules ---

    [Fact]
    public void MultipleHostsWithTcpPort_IsError() =>
        Single(
            Validate(Entry(ServiceEntryResolution.Static, hosts: List("a.example.com", "b.example.com"), ports: List(new ServicePortConfig { Number = 6379, Name = "redis", Protocol = "REDIS" }))),
            Error, "spec.ports", "multiple hosts provided with non-HTTP, non-TLS ports");

    [Fact]
    public void MultipleHostsWithTcpPortAndNoneResolution_IsAllowed() =>
        Assert.Empty(Validate(Entry(
            ServiceEntryResolution.None,
            hosts: List("a.example.com", "b.example.com"),
            ports: List(new ServicePortConfig { Number = 6379, Name = "redis", Protocol = "REDIS" }))));

    [Fact]
    public void WorkloadSelectorAndEndpoints_IsError()
    {
        var spec = Entry(ServiceEntryResolution.Static, endpoints: List(Endpoint("10.0.0.1"))) with
        {
            WorkloadSelector = new WorkloadSelectorConfig { Labels = Map(("app", "vm")) },
        };

        Single(Validate(spec), Error, "spec.workloadSelector", "only one of WorkloadSelector or Endpoints is allowed in Service Entry");
    }

    [Fact]
    public void WorkloadSelector_Wildcard_IsError()
    {
        var spec = Entry(ServiceEntryResolution.Static) with { WorkloadSelector = new WorkloadSelectorConfig { Labels = Map(("app", "*")) } };

        Single(Validate(spec), Error, "spec.workloadSelector.labels", "wildcard is not supported in selector: \"app=*\"");
    }

    [Fact]
    public void WorkloadSelector_EmptyKey_IsError()
    {
        var spec = Entry(ServiceEntryResolution.Static) with { WorkloadSelector = new WorkloadSelectorConfig { Labels = Map(("", "vm")) } };

        Single(Validate(spec), Error, "spec.workloadSelector.labels", "empty key is not supported in selector: \"=vm\"");
    }

    [Fact]
    public void WorkloadSelector_NoLabels_IsWarning()
    {
        var spec = Entry(ServiceEntryResolution.Static) with { WorkloadSelector = new WorkloadSelectorConfig() };

        Single(Validate(spec), Warning, "spec.workloadSelector.labels",
            "service entry: workload selector specified without labels, will be applied to all services in namespace");
    }

    [Fact]
    public void ExportTo_NoOneAndSomeone_IsError() =>
        Single(
            Validate(Entry() with { ExportTo = List("~", ".") }),
            Error, "spec.exportTo", "cannot export service entry to no one (~) and someone");

    [Fact]
    public void ExportTo_NoOne_IsValid() => Assert.Empty(Validate(Entry() with { ExportTo = List("~") }));

    [Fact]
    public void Diagnostic_PointsAtThePortField()
    {
        var numberLocation = new SourceLocation("egress.yaml", 9, 13);
        var port = Http(0) with { FieldSources = new Dictionary<string, SourceLocation> { ["number"] = numberLocation } };

        var diagnostic = Single(Validate(Entry(ports: List(port))), Error, "spec.ports[0].number", "port number 0 must be in the range 1..65535");

        Assert.Equal(numberLocation, diagnostic.Location);
        Assert.Equal("ServiceEntry/default/reviews", diagnostic.Resource);
    }
}
