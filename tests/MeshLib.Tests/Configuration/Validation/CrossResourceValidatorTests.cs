using MeshLib.Configuration;
using MeshLib.Configuration.Common;
using MeshLib.Configuration.DestinationRule;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.ServiceEntry;
using MeshLib.Configuration.Validation;
using MeshLib.Configuration.VirtualService;
using static MeshLib.Tests.Configuration.Validation.ValidationTestKit;

namespace MeshLib.Tests.Configuration.Validation;

public class CrossResourceValidatorTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;

    private static List<ConfigDiagnostic> Validate(params MeshResource[] resources)
    {
        var sink = new List<ConfigDiagnostic>();
        CrossResourceValidator.Validate(resources, "default", sink);
        return sink;
    }

    private static MeshResource Registry(string name, string host, string? ns = null, EquatableList<string>? exportTo = null) =>
        Resource(ResourceKind.ServiceEntry, name, new ServiceEntryConfig
        {
            Hosts = List(host),
            Ports = List(new ServicePortConfig { Number = 9080, Name = "http", Protocol = "HTTP" }),
            Resolution = ServiceEntryResolution.Static,
            ExportTo = exportTo,
        }, ns);

    private static MeshResource ReviewsRule(string? ns = null, string host = "reviews") =>
        Resource(ResourceKind.DestinationRule, "reviews", new DestinationRuleConfig
        {
            Host = host,
            Subsets = List(
                new SubsetConfig { Name = "v1", Labels = Map(("version", "v1")) },
                new SubsetConfig { Name = "v2", Labels = Map(("version", "v2")) },
                new SubsetConfig { Name = "v3", Labels = Map(("version", "v3")) }),
        }, ns);

    private static DestinationConfig Dest(string host, string? subset = null, uint? port = null) =>
        new() { Host = host, Subset = subset, Port = port is null ? null : new PortSelectorConfig { Number = port } };

    private static MeshResource Routes(string name, params DestinationConfig[] destinations) =>
        Resource(ResourceKind.VirtualService, name, new VirtualServiceConfig
        {
            Hosts = List("reviews"),
            Http = List(new HttpRouteConfig { Route = new EquatableList<HttpRouteDestinationConfig>(destinations.Select(d => new HttpRouteDestinationConfig { Destination = d })) }),
        });

    [Fact]
    public void BookinfoReviews_AllReferencesResolve() =>
        Assert.Empty(Validate(Registry("reviews", "reviews"), ReviewsRule(), Routes("reviews", Dest("reviews", "v1"), Dest("reviews", "v3"))));

    // --- IST0101: subsets ---

    [Fact]
    public void UndefinedSubset_IsWarningAtTheSubsetField()
    {
        var subsetLocation = new SourceLocation("reviews-vs.yaml", 14, 17);
        var destination = Dest("reviews", "v4") with { FieldSources = new Dictionary<string, SourceLocation> { ["subset"] = subsetLocation } };

        var diagnostic = Single(
            Validate(Registry("reviews", "reviews"), ReviewsRule(), Routes("reviews", destination)),
            Warning, "spec.http[0].route[0].destination.subset", "Referenced host+subset in destinationrule not found: \"reviews+v4\"");

        Assert.Equal(subsetLocation, diagnostic.Location);
        Assert.Equal("VirtualService/default/reviews", diagnostic.Resource);
    }

    [Fact]
    public void SubsetWithoutAnyDestinationRule_IsWarning() =>
        Single(
            Validate(Registry("reviews", "reviews"), Routes("reviews", Dest("reviews", "v1"))),
            Warning, "spec.http[0].route[0].destination.subset", "Referenced host+subset in destinationrule not found: \"reviews+v1\"");

    [Fact]
    public void SubsetOfRuleForFullyQualifiedHost_Resolves() =>
        Assert.Empty(Validate(
            Registry("reviews", "reviews.default.svc.cluster.local"),
            ReviewsRule(host: "reviews.default.svc.cluster.local"),
            Routes("reviews", Dest("reviews", "v2"), Dest("reviews.default", "v3"))));

    [Fact]
    public void SubsetOfRuleInAnotherNamespace_DoesNotResolveShortName()
    {
        var diagnostics = Validate(
            Registry("reviews", "reviews.prod.svc.cluster.local"),
            ReviewsRule(ns: "prod"),
            Routes("reviews", Dest("reviews.prod.svc.cluster.local", "v1"), Dest("reviews.prod", "v2"), Dest("reviews", "v3")));

        Assert.Equal(2, diagnostics.Count);
        Contains(diagnostics, Warning, "spec.http[0].route[2].destination.host", "Referenced host not found: \"reviews\"");
        Contains(diagnostics, Warning, "spec.http[0].route[2].destination.subset", "Referenced host+subset in destinationrule not found: \"reviews+v3\"");
    }

    [Fact]
    public void MirrorSubset_UsesMirrorWording()
    {
        var vs = Resource(ResourceKind.VirtualService, "reviews", new VirtualServiceConfig
        {
            Hosts = List("reviews"),
            Http = List(new HttpRouteConfig
            {
                Route = List(new HttpRouteDestinationConfig { Destination = Dest("reviews", "v1") }),
                Mirror = Dest("reviews", "v9"),
                Mirrors = List(new HttpMirrorPolicyConfig { Destination = Dest("reviews", "v8") }),
            }),
        });

        var diagnostics = Validate(Registry("reviews", "reviews"), ReviewsRule(), vs);

        Assert.Equal(2, diagnostics.Count);
        Contains(diagnostics, Warning, "spec.http[0].mirror.subset", "Referenced mirror+subset in destinationrule not found: \"reviews+v9\"");
        Contains(diagnostics, Warning, "spec.http[0].mirrors[0].destination.subset", "Referenced mirror+subset in destinationrule not found: \"reviews+v8\"");
    }

    // --- IST0101: hosts ---

    [Fact]
    public void UndefinedHost_IsWarningAtTheHostField()
    {
        var hostLocation = new SourceLocation("reviews-vs.yaml", 13, 15);
        var destination = Dest("ratings") with { FieldSources = new Dictionary<string, SourceLocation> { ["host"] = hostLocation } };

        var diagnostic = Single(
            Validate(Registry("reviews", "reviews"), Routes("reviews", destination)),
            Warning, "spec.http[0].route[0].destination.host", "Referenced host not found: \"ratings\"");

        Assert.Equal(hostLocation, diagnostic.Location);
    }

    [Theory]
    [InlineData("reviews")]
    [InlineData("reviews.default")]
    [InlineData("reviews.default.svc")]
    [InlineData("reviews.default.svc.cluster.local")]
    [InlineData("reviews.default.svc.cluster.local.")]
    public void HostForms_NameTheSameService(string definedAs)
    {
        var destinations = new[] { "reviews", "reviews.default", "reviews.default.svc.cluster.local" }.Select(h => Dest(h)).ToArray();

        Assert.Empty(Validate(Registry("reviews", definedAs), Routes("reviews", destinations)));
    }

    [Fact]
    public void ShortNameInAnotherNamespace_IsNotFound() =>
        Single(
            Validate(Registry("reviews", "reviews", ns: "prod"), Routes("reviews", Dest("reviews"))),
            Warning, "spec.http[0].route[0].destination.host", "Referenced host not found: \"reviews\"");

    [Fact]
    public void WildcardServiceEntry_CoversHost() =>
        Assert.Empty(Validate(Registry("external", "*.example.com"), Routes("reviews", Dest("api.example.com"), Dest("a.b.example.com"))));

    [Fact]
    public void ServiceEntryPrivateToAnotherNamespace_IsNotVisible() =>
        Single(
            Validate(Registry("external", "api.example.com", ns: "prod", exportTo: List(".")), Routes("reviews", Dest("api.example.com"))),
            Warning, "spec.http[0].route[0].destination.host", "Referenced host not found: \"api.example.com\"");

    [Fact]
    public void ServiceEntryExportedToTheNamespace_IsVisible() =>
        Assert.Empty(Validate(Registry("external", "api.example.com", ns: "prod", exportTo: List("default")), Routes("reviews", Dest("api.example.com"))));

    [Fact]
    public void MirrorHost_UsesMirrorWording()
    {
        var vs = Resource(ResourceKind.VirtualService, "reviews", new VirtualServiceConfig
        {
            Hosts = List("reviews"),
            Http = List(new HttpRouteConfig { Route = List(new HttpRouteDestinationConfig { Destination = Dest("reviews") }), Mirror = Dest("shadow") }),
        });

        Single(Validate(Registry("reviews", "reviews"), vs), Warning, "spec.http[0].mirror.host", "Referenced mirror host not found: \"shadow\"");
    }

    [Fact]
    public void TcpAndTlsDestinations_AreChecked()
    {
        var vs = Resource(ResourceKind.VirtualService, "db", new VirtualServiceConfig
        {
            Hosts = List("db.example.com"),
            Tcp = List(new TcpRouteConfig { Route = List(new RouteDestinationConfig { Destination = Dest("db.example.com") }) }),
            Tls = List(new TlsRouteConfig { Route = List(new RouteDestinationConfig { Destination = Dest("tls.example.com") }) }),
        });

        var diagnostics = Validate(vs);

        Assert.Equal(2, diagnostics.Count);
        Contains(diagnostics, Warning, "spec.tcp[0].route[0].destination.host", "Referenced host not found: \"db.example.com\"");
        Contains(diagnostics, Warning, "spec.tls[0].route[0].destination.host", "Referenced host not found: \"tls.example.com\"");
    }

    [Fact]
    public void UndefinedPort_IsWarning() =>
        Single(
            Validate(Registry("reviews", "reviews"), Routes("reviews", Dest("reviews", port: 9081))),
            Warning, "spec.http[0].route[0].destination.port", "Referenced host:port not found: \"reviews:9081\"");

    // --- IST0109 ---

    private static MeshResource MeshVs(string name, string host, string? ns = null, EquatableList<string>? gateways = null, EquatableList<string>? exportTo = null) =>
        Resource(ResourceKind.VirtualService, name, new VirtualServiceConfig
        {
            Hosts = List(host),
            Gateways = gateways,
            ExportTo = exportTo,
            Http = List(new HttpRouteConfig { Route = List(new HttpRouteDestinationConfig { Destination = Dest(host) }) }),
        }, ns);

    private const string ConflictMessage =
        "The VirtualServices default/reviews-a,default/reviews-b associated with mesh gateway define the same host */reviews.default.svc.cluster.local "
        + "which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.";

    [Fact]
    public void TwoMeshVirtualServicesForOneHost_WarnOnEach()
    {
        var hostsLocation = new SourceLocation("b.yaml", 6, 3);
        var b = MeshVs("reviews-b", "reviews.default.svc.cluster.local", gateways: List("mesh"));
        b = b with { Spec = b.Spec with { FieldSources = new Dictionary<string, SourceLocation> { ["hosts"] = hostsLocation } } };

        var diagnostics = Validate(Registry("reviews", "reviews"), MeshVs("reviews-a", "reviews"), b);

        Assert.Equal(2, diagnostics.Count);
        Assert.All(diagnostics, d =>
        {
            Assert.Equal(Warning, d.Severity);
            Assert.Equal("spec.hosts", d.FieldPath);
            Assert.Equal(ConflictMessage, d.Message);
        });
        Assert.Equal(["VirtualService/default/reviews-a", "VirtualService/default/reviews-b"], diagnostics.Select(d => d.Resource));
        Assert.Equal(hostsLocation, diagnostics[1].Location);
    }

    [Fact]
    public void GatewayOnlyVirtualService_DoesNotConflict() =>
        Assert.Empty(Validate(Registry("reviews", "reviews"), MeshVs("reviews-a", "reviews"), MeshVs("reviews-b", "reviews", gateways: List("ingress"))));

    [Fact]
    public void PrivateVirtualServicesInDifferentNamespaces_DoNotConflict() =>
        Assert.Empty(Validate(
            Registry("ext", "api.example.com"),
            MeshVs("a", "api.example.com", exportTo: List(".")),
            MeshVs("b", "api.example.com", ns: "prod", exportTo: List("."))));

    [Fact]
    public void PublicVirtualService_ConflictsWithPrivateOne()
    {
        var diagnostics = Validate(
            Registry("ext", "api.example.com"),
            MeshVs("a", "api.example.com"),
            MeshVs("b", "api.example.com", ns: "prod", exportTo: List(".")));

        Assert.Equal(2, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal(
            "The VirtualServices prod/b,default/a associated with mesh gateway define the same host prod/api.example.com which can lead to undefined behavior. "
            + "This can be fixed by merging the conflicting VirtualServices into a single resource.",
            d.Message));
    }

    // --- Duplicates ---

    [Fact]
    public void DuplicateResource_IsWarningNamingTheReplacedDefinition()
    {
        var first = Registry("reviews", "reviews") with { Source = new SourceLocation("registry.yaml", 1, 1) };
        var nameLocation = new SourceLocation("more.yaml", 4, 9);
        var second = Registry("reviews", "reviews") with
        {
            Source = new SourceLocation("more.yaml", 1, 1),
        };
        second = second with { Metadata = second.Metadata with { FieldSources = new Dictionary<string, SourceLocation> { ["name"] = nameLocation } } };

        var diagnostic = Single(Validate(first, second), Warning, "metadata.name", "duplicate resource: replaces the definition at registry.yaml:1 (the later one is used, as kubectl apply would)");

        Assert.Equal(nameLocation, diagnostic.Location);
        Assert.Equal("ServiceEntry/default/reviews", diagnostic.Resource);
    }

    [Fact]
    public void SameNameInOtherNamespaceOrKind_IsNotDuplicate() =>
        Assert.Empty(Validate(Registry("reviews", "reviews"), Registry("reviews", "reviews", ns: "prod"), ReviewsRule(), Routes("reviews", Dest("reviews", "v1"))));

    [Fact]
    public void ExplicitDefaultNamespace_IsTheSameResource() =>
        Single(
            Validate(Registry("reviews", "reviews"), Registry("reviews", "reviews", ns: "default")),
            Warning, "metadata.name", "duplicate resource: replaces the definition at <unknown> (the later one is used, as kubectl apply would)");
}
