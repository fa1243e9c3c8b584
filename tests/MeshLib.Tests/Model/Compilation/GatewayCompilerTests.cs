using MeshLib.Configuration;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Validation;
using MeshLib.Internal;
using MeshLib.Model;
using MeshLib.Model.Compilation;
using MeshLib.Tests.Configuration.Parsing;
using MeshLib.Tests.Routing;
using Microsoft.Extensions.Options;

namespace MeshLib.Tests.Model.Compilation;

public class GatewayCompilerTests
{
    private const string Registry = """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: productpage}
        spec:
          hosts: [productpage]
          location: MESH_INTERNAL
          resolution: STATIC
          ports: [{number: 9080, name: http, protocol: HTTP}]
          endpoints: [{address: 127.0.0.1}]
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          location: MESH_INTERNAL
          resolution: STATIC
          ports: [{number: 9080, name: http, protocol: HTTP}]
          endpoints: [{address: 127.0.0.2}]
        """;

    [Fact]
    public void CorpusBookinfoGateway_ServesTheVirtualServiceOnPort8080_ForAnyHost_AndNotOnTheMesh()
    {
        var snapshot = Compile(File.ReadAllText(Path.Combine(ParsingTestSupport.CorpusDirectory, "bookinfo-gateway.yaml")));

        var listener = Assert.Single(snapshot.Gateways.Listeners);
        Assert.Equal(8080, listener.Port);
        Assert.False(listener.TerminatesTls);
        Assert.Equal("default/bookinfo-gateway", Assert.Single(listener.Servers).Gateway);
        Assert.Equal("#0", Route(snapshot, "http.8080", "http://bookinfo.example.com/productpage"));
        Assert.Equal("#0", Route(snapshot, "http.8080", "http://10.0.0.1:8080/api/v1/products/1"));
        Assert.Equal(NoRoute, Route(snapshot, "http.8080", "http://bookinfo.example.com/admin"));

        // The clusters its routes reach are in the snapshot, and the mesh has no "*" host.
        Assert.Contains(snapshot.Clusters.Keys, k => k.Contains("productpage", StringComparison.Ordinal));
        Assert.Null(snapshot.Hosts.Find("bookinfo.example.com"));
    }

    [Fact]
    public void ServerHosts_LimitTheVirtualServiceHosts_AnotherHostHasNoVirtualHost()
    {
        var snapshot = Compile(Gateway("gw", 8080, "HTTP", ["bookinfo.example.com"]) + VirtualService("vs", ["*"], ["gw"], "productpage"));

        Assert.Equal("vs", Route(snapshot, "http.8080", "http://bookinfo.example.com/"));
        Assert.Equal("vs", Route(snapshot, "http.8080", "http://BOOKINFO.example.com:8080/"));
        Assert.Equal(NoHost, Route(snapshot, "http.8080", "http://other.example.com/"));
    }

    [Fact]
    public void WildcardServerHost_KeepsTheVirtualServiceHostsItCovers()
    {
        var snapshot = Compile(Gateway("gw", 8080, "HTTP", ["*.example.com"]) + VirtualService("vs", ["a.example.com", "b.example.org"], ["gw"], "productpage"));

        Assert.Equal("vs", Route(snapshot, "http.8080", "http://a.example.com/"));
        Assert.Equal(NoHost, Route(snapshot, "http.8080", "http://b.example.org/"));
        Assert.Equal(NoHost, Route(snapshot, "http.8080", "http://c.example.com/"));
    }

    [Fact]
    public void NamespacedServerHosts_BindOnlyVirtualServicesOfThatNamespace()
    {
        var yaml = Gateway("gw", 8080, "HTTP", ["shop/*"], ns: "istio-system")
            + VirtualService("in-shop", ["shop.example.com"], ["istio-system/gw"], "productpage", ns: "shop")
            + VirtualService("in-default", ["default.example.com"], ["istio-system/gw"], "productpage");
        var snapshot = Compile(yaml);

        Assert.Equal("in-shop", Route(snapshot, "http.8080", "http://shop.example.com/"));
        Assert.Equal(NoHost, Route(snapshot, "http.8080", "http://default.example.com/"));
    }

    [Fact]
    public void GatewayNames_ResolveInTheVirtualServicesNamespace()
    {
        var yaml = Gateway("gw", 8080, "HTTP", ["*"], ns: "istio-system")
            + VirtualService("short", ["a.example.com"], ["gw"], "productpage")
            + VirtualService("qualified", ["b.example.com"], ["istio-system/gw"], "productpage")
            + VirtualService("legacy", ["c.example.com"], ["gw.istio-system.svc.cluster.local"], "productpage");
        var snapshot = Compile(yaml, expectWarnings: true);

        Assert.Equal(NoHost, Route(snapshot, "http.8080", "http://a.example.com/"));
        Assert.Equal("qualified", Route(snapshot, "http.8080", "http://b.example.com/"));
        Assert.Equal("legacy", Route(snapshot, "http.8080", "http://c.example.com/"));
    }

    [Fact]
    public void MatchLevelGateways_ChooseWhereEachMatchApplies()
    {
        var snapshot = Compile(Gateway("gw", 8080, "HTTP", ["*"]) + """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              gateways: [mesh, gw]
              http:
              - name: edge-only
                match: [{uri: {prefix: /edge}, gateways: [gw]}]
                route: [{destination: {host: reviews}}]
              - name: mesh-only
                match: [{uri: {prefix: /mesh}, gateways: [mesh]}]
                route: [{destination: {host: reviews}}]
              - name: both
                route: [{destination: {host: reviews}}]
            ---
            """);

        const string host = "http://reviews.default.svc.cluster.local";
        Assert.Equal("edge-only", Route(snapshot, "http.8080", host + "/edge"));
        Assert.Equal("both", Route(snapshot, "http.8080", host + "/mesh"));

        var mesh = snapshot.Hosts.Find("reviews")!;
        Assert.Equal("mesh-only", mesh.Routes[mesh.Selector.Select(Requests.View("http://reviews/mesh"), 9080)].Name);
        Assert.Equal("both", mesh.Routes[mesh.Selector.Select(Requests.View("http://reviews/edge"), 9080)].Name);
    }

    [Fact]
    public void VirtualServicesOnOneHost_AreMerged_CatchAllsLast_RoutesAfterACatchAllDropped()
    {
        var yaml = Gateway("gw", 8080, "HTTP", ["*"]) + """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: first}
            spec:
              hosts: [shop.example.com]
              gateways: [gw]
              http:
              - name: first-catch-all
                route: [{destination: {host: productpage}}]
              - name: unreachable
                match: [{uri: {prefix: /never}}]
                route: [{destination: {host: productpage}}]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: second}
            spec:
              hosts: [shop.example.com]
              gateways: [gw]
              http:
              - name: second-api
                match: [{uri: {prefix: /api}}]
                route: [{destination: {host: reviews}}]
            ---
            """;
        var snapshot = Compile(yaml, expectWarnings: true);

        Assert.Equal("second-api", Route(snapshot, "http.8080", "http://shop.example.com/api/1"));
        Assert.Equal("first-catch-all", Route(snapshot, "http.8080", "http://shop.example.com/never"));
        Assert.Equal("first-catch-all", Route(snapshot, "http.8080", "http://shop.example.com/"));
    }

    [Fact]
    public void MatchForAnotherPort_DoesNotApplyOnTheListener_ItsOwnPortDoes()
    {
        var yaml = Gateway("gw", 8080, "HTTP", ["*"]) + """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: vs}
            spec:
              hosts: [shop.example.com]
              gateways: [gw]
              http:
              - name: on-9090
                match: [{port: 9090}]
                route: [{destination: {host: reviews}}]
              - name: on-8080
                match: [{port: 8080, uri: {prefix: /}}]
                route: [{destination: {host: productpage}}]
            ---
            """;
        var snapshot = Compile(yaml);

        // The Host names port 80; the listener's port decides.
        Assert.Equal("on-8080", Route(snapshot, "http.8080", "http://shop.example.com/"));
    }

    [Fact]
    public void HttpsServersOnOnePort_EachHaveARouteTable_PickedByServerName()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: gw}
            spec:
              servers:
              - port: {number: 8443, name: https-shop, protocol: HTTPS}
                hosts: [shop.example.com]
                tls: {mode: SIMPLE, credentialName: shop}
              - port: {number: 8443, name: https-wild, protocol: HTTPS}
                hosts: ["*.example.com"]
                tls: {mode: SIMPLE, credentialName: wild}
              - port: {number: 8443, name: https-any, protocol: HTTPS}
                hosts: ["*"]
                tls: {mode: SIMPLE, credentialName: any}
            ---

            """ + VirtualService("vs", ["*"], ["gw"], "productpage");
        var snapshot = Compile(yaml);

        var listener = Assert.Single(snapshot.Gateways.Listeners);
        Assert.True(listener.TerminatesTls);
        Assert.Equal("https.8443.https-shop.gw.default", listener.SelectServer("shop.example.com")!.RouteName);
        Assert.Equal("https.8443.https-wild.gw.default", listener.SelectServer("api.example.com")!.RouteName);
        Assert.Equal("https.8443.https-any.gw.default", listener.SelectServer("example.org")!.RouteName);
        Assert.Equal("https.8443.https-any.gw.default", listener.SelectServer(null)!.RouteName);

        // Each table has the virtual hosts of its server only.
        Assert.Equal("vs", Route(snapshot, "https.8443.https-shop.gw.default", "https://shop.example.com/"));
        Assert.Equal(NoHost, Route(snapshot, "https.8443.https-shop.gw.default", "https://api.example.com/"));
        Assert.Equal("vs", Route(snapshot, "https.8443.https-wild.gw.default", "https://api.example.com/"));
    }

    [Fact]
    public void HttpsServerWithoutACatchAllName_AcceptsOnlyItsNames()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: gw}
            spec:
              servers:
              - port: {number: 8443, name: https, protocol: HTTPS}
                hosts: [shop.example.com]
                tls: {mode: SIMPLE, credentialName: shop}
            ---
            """;
        var listener = Assert.Single(Compile(yaml).Gateways.Listeners);

        Assert.NotNull(listener.SelectServer("SHOP.example.com"));
        Assert.Null(listener.SelectServer("other.example.com"));
        Assert.Null(listener.SelectServer(null));
    }

    [Fact]
    public void HttpsRedirect_MarksTheServersHosts_IncludingOnesNoVirtualServiceServes()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: gw}
            spec:
              servers:
              - port: {number: 8080, name: http, protocol: HTTP}
                hosts: [shop.example.com, static.example.com]
                tls: {httpsRedirect: true}
              - port: {number: 8080, name: http-plain, protocol: HTTP}
                hosts: [plain.example.com]
            ---

            """ + VirtualService("vs", ["shop.example.com", "plain.example.com"], ["gw"], "productpage");
        var table = Compile(yaml).Gateways.FindRoutes("http.8080")!;

        Assert.True(table.Hosts.Find("shop.example.com")!.RequiresTls);
        var redirectOnly = table.Hosts.Find("static.example.com")!;
        Assert.True(redirectOnly.RequiresTls);
        Assert.Empty(redirectOnly.Routes);
        Assert.False(table.Hosts.Find("plain.example.com")!.RequiresTls);
    }

    [Fact]
    public void PortServingPlainHttp_IgnoresLaterHttpsServers_AndPassthroughServersAreNotHttp()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: gw}
            spec:
              servers:
              - port: {number: 8080, name: http, protocol: HTTP}
                hosts: ["*"]
              - port: {number: 8080, name: https, protocol: HTTPS}
                hosts: ["*"]
                tls: {mode: SIMPLE, credentialName: x}
              - port: {number: 9443, name: passthrough, protocol: HTTPS}
                hosts: ["*"]
                tls: {mode: PASSTHROUGH}
              - port: {number: 9000, name: tcp, protocol: TCP}
                hosts: ["*"]
            ---
            """;
        var listener = Assert.Single(Compile(yaml).Gateways.Listeners);

        Assert.Equal(8080, listener.Port);
        Assert.Equal("http", Assert.Single(listener.Servers).Config.Port!.Name);
    }

    private const string NoHost = "(no virtual host)";
    private const string NoRoute = "(no route)";

    private static string Route(MeshSnapshot snapshot, string table, string url)
    {
        var routes = snapshot.Gateways.FindRoutes(table) ?? throw new InvalidOperationException($"no route table {table}");
        var view = Requests.View(url);
        if (routes.Hosts.Find(view.HostWithoutPort) is not { } virtualHost)
        {
            return NoHost;
        }

        var index = virtualHost.Selector.Select(in view, routes.Port);
        return index < 0 ? NoRoute : virtualHost.Routes[index].Name;
    }

    [Fact]
    public void WorkloadWithLabels_ServesOnlyTheGatewaysWhoseSelectorMatches_UnlabelledServesAll()
    {
        const string yaml = """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: ingress}
            spec:
              selector: {istio: ingressgateway}
              servers: [{port: {number: 8080, name: http, protocol: HTTP}, hosts: ["*"]}]
            ---
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: egress}
            spec:
              selector: {istio: egressgateway}
              servers: [{port: {number: 8081, name: http, protocol: HTTP}, hosts: ["*"]}]
            ---
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: tcp}
            spec:
              selector: {istio: egressgateway}
              servers: [{port: {number: 31400, name: tcp, protocol: TCP}, hosts: ["*"]}]
            """;

        var ingress = new MeshOptions();
        ingress.WorkloadLabels["istio"] = "ingressgateway";
        ingress.WorkloadLabels["app"] = "istio-ingressgateway";
        var served = Compile(yaml, options: ingress).Gateways;
        Assert.Equal([8080], served.Listeners.Select(l => l.Port));
        Assert.Empty(served.TcpListeners);

        var unlabelled = Compile(yaml).Gateways;
        Assert.Equal([8080, 8081], unlabelled.Listeners.Select(l => l.Port));
        Assert.Equal([31400], unlabelled.TcpListeners.Select(l => l.Port));
    }

    private static MeshSnapshot Compile(string yaml, bool expectWarnings = false, MeshOptions? options = null)
    {
        var loaded = MeshConfigLoader.LoadYaml(Registry + "\n---\n" + yaml, "gateway.yaml");
        var diagnostics = loaded.Diagnostics.Concat(MeshConfigValidator.Validate(loaded.Resources)).ToList();
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        if (!expectWarnings)
        {
            Assert.Empty(diagnostics);
        }

        var compiler = new MeshCompiler(Options.Create(options ?? new MeshOptions()), TimeProvider.System, RandomSource.Shared);
        return compiler.Compile(loaded.Resources, diagnostics);
    }

    private static string Gateway(string name, int port, string protocol, string[] hosts, string ns = "default") => $"""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          servers:
          - port:
              number: {port}
              name: {protocol.ToLowerInvariant()}
              protocol: {protocol}
            hosts: [{Quoted(hosts)}]
        ---

        """;

    private static string VirtualService(string name, string[] hosts, string[] gateways, string destination, string ns = "default") => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          hosts: [{Quoted(hosts)}]
          gateways: [{string.Join(", ", gateways)}]
          http:
          - name: {name}
            route:
            - destination:
                host: {destination}.default.svc.cluster.local
        ---

        """;

    private static string Quoted(string[] values) => string.Join(", ", values.Select(v => $"\"{v}\""));
}
