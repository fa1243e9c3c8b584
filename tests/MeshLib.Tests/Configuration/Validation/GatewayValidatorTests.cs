using MeshLib.Configuration;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Gateway;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.Validation;

namespace MeshLib.Tests.Configuration.Validation;

public class GatewayValidatorTests
{
    private static EquatableList<T> List<T>(params T[] items) => new(items);

    private static ServerConfig Http(string name = "http", uint number = 80, params string[] hosts) => new()
    {
        Port = new GatewayPortConfig { Number = number, Name = name, Protocol = "HTTP" },
        Hosts = List(hosts.Length == 0 ? ["*"] : hosts),
    };

    private static ServerConfig Https(ServerTlsSettingsConfig? tls, string protocol = "HTTPS") => new()
    {
        Port = new GatewayPortConfig { Number = 443, Name = "https", Protocol = protocol },
        Hosts = List("bookinfo.example.com"),
        Tls = tls,
    };

    private static GatewayConfig Gw(params ServerConfig[] servers) => new()
    {
        Selector = new EquatableDictionary<string>([KeyValuePair.Create("istio", "ingressgateway")]),
        Servers = List(servers),
    };

    private static List<ConfigDiagnostic> Run(GatewayConfig spec, string name = "bookinfo-gateway")
    {
        var resource = new MeshResource
        {
            ApiVersion = "networking.istio.io/v1",
            Kind = ResourceKind.Gateway,
            Metadata = new ObjectMetaConfig { Name = name },
            Spec = spec,
        };
        var sink = new List<ConfigDiagnostic>();
        GatewayValidator.Validate(new ValidationContext(resource, "default", sink), spec);
        return sink;
    }

    private static ConfigDiagnostic Only(GatewayConfig spec, string fieldPath, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var diagnostic = Assert.Single(Run(spec));
        Assert.Equal(message, diagnostic.Message);
        Assert.Equal(fieldPath, diagnostic.FieldPath);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal("Gateway/default/bookinfo-gateway", diagnostic.Resource);
        return diagnostic;
    }

    private static void Has(List<ConfigDiagnostic> diagnostics, string fieldPath, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var diagnostic = Assert.Single(diagnostics, d => d.Message == message);
        Assert.Equal(fieldPath, diagnostic.FieldPath);
        Assert.Equal(severity, diagnostic.Severity);
    }

    private static ServerTlsSettingsConfig Simple => new() { Mode = ServerTlsMode.Simple, CredentialName = "bookinfo-cert" };

    [Fact]
    public void Validate_BookinfoGateway_NoDiagnostics() => Assert.Empty(Run(Gw(Http())));

    [Fact]
    public void Validate_HttpsWithCredential_NoDiagnostics() => Assert.Empty(Run(Gw(Http(), Https(Simple))));

    [Fact]
    public void Validate_InvalidName_Error()
    {
        var diagnostic = Assert.Single(Run(Gw(Http()), "bookinfo.gateway"));

        Assert.Equal("invalid gateway name: \"bookinfo.gateway\"", diagnostic.Message);
        Assert.Equal("metadata.name", diagnostic.FieldPath);
    }

    [Fact]
    public void Validate_NoServers_Error() => Only(new GatewayConfig(), "spec.servers", "gateway must have at least one server");

    [Fact]
    public void Validate_NullServer_Error() =>
        Only(Gw(new ServerConfig[] { null! }), "spec.servers[0]", "cannot have nil server");

    [Fact]
    public void Validate_ServerWithoutHosts_Error() =>
        Only(Gw(Http() with { Hosts = null }), "spec.servers[0].hosts", "server config must contain at least one host");

    // --- hosts -------------------------------------------------------------------------------------------------

    [Fact]
    public void Validate_HostForms_Valid() =>
        Assert.Empty(Run(Gw(Http("http", 80, "*", "*/*", "./a.example.com", "ns1/*.example.com", "10.0.0.1"))));

    [Fact]
    public void Validate_ShortHost_Error() =>
        Only(Gw(Http("http", 80, "reviews")), "spec.servers[0].hosts", "short names (non FQDN) are not allowed");

    [Fact]
    public void Validate_PartialWildcardHost_Error() =>
        Only(Gw(Http("http", 80, "ns/*foo.example.com")), "spec.servers[0].hosts", "partial wildcard \"*foo.example.com\" not allowed");

    [Fact]
    public void Validate_HostBadNamespace_Error() =>
        Only(Gw(Http("http", 80, "Bad_NS/a.example.com")), "spec.servers[0].hosts", "invalid namespace value \"Bad_NS\" in gateway");

    [Fact]
    public void Validate_HostEmptyParts_Errors()
    {
        var diagnostics = Run(Gw(Http("http", 80, "ns/")));

        Has(diagnostics, "spec.servers[0].hosts", "config namespace and dnsName in host entry cannot be empty");
        Has(diagnostics, "spec.servers[0].hosts", "short names (non FQDN) are not allowed");
        Has(diagnostics, "spec.servers[0].hosts", "empty domain name not allowed");
    }

    [Fact]
    public void Validate_HostInvalidDomain_Error() =>
        Only(Gw(Http("http", 80, "a.b_c.com")), "spec.servers[0].hosts", "domain name \"b_c.com\" invalid (label \"b_c\" invalid)");

    // --- ports -------------------------------------------------------------------------------------------------

    [Fact]
    public void Validate_PortRequired_Error() =>
        Only(Gw(Http() with { Port = null }), "spec.servers[0].port", "port is required");

    [Fact]
    public void Validate_BadProtocol_Error() =>
        Only(Gw(Http() with { Port = new GatewayPortConfig { Number = 80, Name = "http", Protocol = "SPDY" } }),
            "spec.servers[0].port.protocol", "invalid protocol \"SPDY\", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP");

    [Fact]
    public void Validate_ProtocolCaseInsensitive_Valid() =>
        Assert.Empty(Run(Gw(Http() with { Port = new GatewayPortConfig { Number = 80, Name = "http", Protocol = "grpc-web" } })));

    [Fact]
    public void Validate_PortNumber_Error() =>
        Only(Gw(Http("http", 0)), "spec.servers[0].port.number", "port number 0 must be in the range 1..65535");

    [Fact]
    public void Validate_TargetPort_Error() =>
        Only(Gw(Http() with { Port = new GatewayPortConfig { Number = 80, Name = "http", Protocol = "HTTP", TargetPort = 8080 } }),
            "spec.servers[0].port.targetPort", "targetPort has no impact on Gateways");

    [Fact]
    public void Validate_PortNameMissing_Error() =>
        Only(Gw(Http(string.Empty)), "spec.servers[0].port.name", "port name must be set: number:80 protocol:\"HTTP\"");

    [Fact]
    public void Validate_DuplicatePortNames_Error() =>
        Only(Gw(Http("web", 80), Http("web", 8080)), "spec.servers[1].port.name", "port names in servers must be unique: duplicate name web");

    // --- bind --------------------------------------------------------------------------------------------------

    [Fact]
    public void Validate_UnixBindWithPort_Error() =>
        Only(Gw(Http() with { Bind = "unix:///var/run/gw.sock" }), "spec.servers[0].bind", "port number must be 0 for unix domain socket: number:80 protocol:\"HTTP\" name:\"http\"");

    [Fact]
    public void Validate_UnixBindPortZero_Valid() =>
        Assert.Empty(Run(Gw(Http("http", 0) with { Bind = "unix:///var/run/gw.sock" })));

    [Fact]
    public void Validate_UnixBindRelative_Error() =>
        Only(Gw(Http("http", 0) with { Bind = "unix://gw.sock" }), "spec.servers[0].bind", "gw.sock is not an absolute path to a file");

    [Fact]
    public void Validate_BindNotIp_Error() =>
        Only(Gw(Http() with { Bind = "localhost" }), "spec.servers[0].bind", "localhost is not a valid IP");

    // --- TLS presence ------------------------------------------------------------------------------------------

    [Fact]
    public void Validate_HttpsWithoutTls_Error() =>
        Only(Gw(Https(null)), "spec.servers[0].tls", "server must have TLS settings for HTTPS/TLS protocols");

    [Fact]
    public void Validate_HttpWithHttpsRedirect_Valid() =>
        Assert.Empty(Run(Gw(Http() with { Tls = new ServerTlsSettingsConfig { HttpsRedirect = true } })));

    [Fact]
    public void Validate_HttpWithTlsTermination_Error() =>
        Only(Gw(Http() with { Tls = Simple }), "spec.servers[0].tls", "server cannot have TLS settings for plain text HTTP ports");

    [Fact]
    public void Validate_TcpWithTls_Error() =>
        Only(Gw(Https(new ServerTlsSettingsConfig(), "TCP")), "spec.servers[0].tls", "server cannot have TLS settings for non HTTPS/TLS ports");

    [Fact]
    public void Validate_HttpsRedirectOnTcp_Warning()
    {
        var diagnostics = Run(Gw(Https(new ServerTlsSettingsConfig { HttpsRedirect = true }, "TCP")));

        Has(diagnostics, "spec.servers[0].tls.httpsRedirect", "tls.httpsRedirect should only be used with http servers", DiagnosticSeverity.Warning);
    }

    // --- TLS settings ------------------------------------------------------------------------------------------

    [Fact]
    public void Validate_SimpleWithoutCertificates_Errors()
    {
        var diagnostics = Run(Gw(Https(new ServerTlsSettingsConfig { Mode = ServerTlsMode.Simple })));

        Has(diagnostics, "spec.servers[0].tls.serverCertificate", "SIMPLE TLS requires a server certificate");
        Has(diagnostics, "spec.servers[0].tls.privateKey", "SIMPLE TLS requires a private key");
    }

    [Fact]
    public void Validate_MutualWithoutCa_Error() =>
        Only(Gw(Https(new ServerTlsSettingsConfig { Mode = ServerTlsMode.Mutual, ServerCertificate = "/c.pem", PrivateKey = "/k.pem" })),
            "spec.servers[0].tls.caCertificates", "MUTUAL TLS requires a client CA bundle");

    [Fact]
    public void Validate_MutualWithCredentialName_Valid() =>
        Assert.Empty(Run(Gw(Https(new ServerTlsSettingsConfig { Mode = ServerTlsMode.Mutual, CredentialName = "cred" }))));

    [Fact]
    public void Validate_TlsCertificatesEntries_Checked()
    {
        var diagnostics = Run(Gw(Https(new ServerTlsSettingsConfig
        {
            Mode = ServerTlsMode.Simple,
            TlsCertificates = List(new ServerTlsCertificateConfig { ServerCertificate = "/rsa.pem" }, new ServerTlsCertificateConfig { ServerCertificate = "/ec.pem", PrivateKey = "/ec.key" }),
        })));

        Assert.Single(diagnostics);
        Has(diagnostics, "spec.servers[0].tls.tlsCertificates[0].privateKey", "SIMPLE TLS requires a private key");
    }

    [Fact]
    public void Validate_IstioMutualWithCertificates_Errors()
    {
        var diagnostics = Run(Gw(Https(new ServerTlsSettingsConfig { Mode = ServerTlsMode.IstioMutual, ServerCertificate = "/c.pem", CredentialName = "x" })));

        Assert.Equal(2, diagnostics.Count);
        Has(diagnostics, "spec.servers[0].tls.serverCertificate", "ISTIO_MUTUAL TLS cannot have associated server certificate");
        Has(diagnostics, "spec.servers[0].tls.credentialName", "ISTIO_MUTUAL TLS cannot have associated credentialName");
    }

    [Fact]
    public void Validate_PassthroughWithCertificates_Warning() =>
        Only(Gw(Https(new ServerTlsSettingsConfig { Mode = ServerTlsMode.Passthrough, CredentialName = "cred" })),
            "spec.servers[0].tls.mode", "PASSTHROUGH mode does not use certificates, they will be ignored", DiagnosticSeverity.Warning);

    [Fact]
    public void Validate_CredentialNameAndCredentialNames_CrdError() =>
        Only(Gw(Https(Simple with { CredentialNames = List("a", "b") })),
            "spec.servers[0].tls.credentialNames", "only one of credentialName or credentialNames can be set");

    [Fact]
    public void Validate_CredentialNamesAndTlsCertificates_CrdError() =>
        Only(Gw(Https(new ServerTlsSettingsConfig
        {
            Mode = ServerTlsMode.Simple,
            CredentialNames = List("a"),
            TlsCertificates = List(new ServerTlsCertificateConfig { ServerCertificate = "/c", PrivateKey = "/k" }),
        })),
            "spec.servers[0].tls.tlsCertificates", "only one of credentialNames or tlsCertificates can be set");

    [Fact]
    public void Validate_CredentialNameAndTlsCertificates_CrdError() =>
        Only(Gw(Https(Simple with { TlsCertificates = List(new ServerTlsCertificateConfig { ServerCertificate = "/c", PrivateKey = "/k" }) })),
            "spec.servers[0].tls.tlsCertificates", "only one of credentialName or tlsCertificates can be set");

    [Fact]
    public void Validate_CredentialNameAndFiles_Error() =>
        Only(Gw(Https(Simple with { ServerCertificate = "/c.pem", PrivateKey = "/k.pem" })),
            "spec.servers[0].tls", "only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified");

    [Fact]
    public void Validate_CrlWithCredentialNameAndSimple_Errors()
    {
        var diagnostics = Run(Gw(Https(new ServerTlsSettingsConfig { Mode = ServerTlsMode.Simple, ServerCertificate = "/c", PrivateKey = "/k", CaCrl = "/crl.pem" })));

        Has(diagnostics, "spec.servers[0].tls.caCrl", "CRL is not supported with SIMPLE TLS");
        Assert.Single(diagnostics);
    }

    [Fact]
    public void Validate_OldTlsVersionWithoutCiphers_Warning() =>
        Only(Gw(Https(Simple with { MinProtocolVersion = TlsProtocol.TlsV11 })), "spec.servers[0].tls.minProtocolVersion",
            "TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers.", DiagnosticSeverity.Warning);

    [Fact]
    public void Validate_ReportsAllServersProblems()
    {
        var diagnostics = Run(Gw(Http("dup", 0), Http("dup", 80, "short")));

        Has(diagnostics, "spec.servers[0].port.number", "port number 0 must be in the range 1..65535");
        Has(diagnostics, "spec.servers[1].hosts", "short names (non FQDN) are not allowed");
        Has(diagnostics, "spec.servers[1].port.name", "port names in servers must be unique: duplicate name dup");
    }

    // --- locations ---------------------------------------------------------------------------------------------

    [Fact]
    public void Validate_ErrorPointsAtFieldLocation()
    {
        var location = new SourceLocation("gw.yaml", 9, 7);
        var port = new GatewayPortConfig
        {
            Number = 80,
            Name = "http",
            Protocol = "SPDY",
            Source = new SourceLocation("gw.yaml", 8, 7),
            FieldSources = new Dictionary<string, SourceLocation> { ["protocol"] = location },
        };

        var diagnostic = Assert.Single(Run(Gw(Http() with { Port = port })));

        Assert.Equal(location, diagnostic.Location);
        Assert.Equal("spec.servers[0].port.protocol", diagnostic.FieldPath);
    }
}
