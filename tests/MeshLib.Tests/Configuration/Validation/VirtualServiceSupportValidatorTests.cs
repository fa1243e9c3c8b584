using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.Validation;
using MeshLib.Configuration.VirtualService;
using static MeshLib.Tests.Configuration.Validation.ValidationTestKit;

namespace MeshLib.Tests.Configuration.Validation;

public class VirtualServiceSupportValidatorTests
{
    private static readonly TlsRouteConfig TlsRoute = new()
    {
        Match = List(new TlsMatchAttributesConfig { SniHosts = List("db.example.com") }),
        Route = List(new RouteDestinationConfig { Destination = new DestinationConfig { Host = "db.example.com" } }),
    };

    private static List<ConfigDiagnostic> Validate(VirtualServiceConfig spec) =>
        Run(ResourceKind.VirtualService, spec, VirtualServiceSupportValidator.Validate);

    [Fact]
    public void MeshTlsRoutes_AreAWarning() =>
        Single(
            Validate(new VirtualServiceConfig { Hosts = List("db.example.com"), Tls = List(TlsRoute) }),
            DiagnosticSeverity.Warning, "spec.tls",
            "tls routes (SNI matching) are not served by MeshLib's sidecar: connections to TLS and HTTPS ports follow the tcp routes, then the service's own cluster");

    [Fact]
    public void GatewayTlsRoutes_AreNotTheSidecars() =>
        Assert.Empty(Validate(new VirtualServiceConfig { Hosts = List("db.example.com"), Gateways = List("edge"), Tls = List(TlsRoute) }));

    [Fact]
    public void TcpRoutes_AreServed() =>
        Assert.Empty(Validate(new VirtualServiceConfig
        {
            Hosts = List("db.example.com"),
            Tcp = List(new TcpRouteConfig { Route = List(new RouteDestinationConfig { Destination = new DestinationConfig { Host = "db.example.com" } }) }),
        }));
}
