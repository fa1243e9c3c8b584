using System.Net;
using MeshLib.Configuration;
using MeshLib.Internal;
using MeshLib.Model;
using MeshLib.Model.Compilation;
using MeshLib.Model.Gateways;
using Microsoft.Extensions.Options;

namespace MeshLib.Tests.Model.Compilation;

public class GatewayTcpCompilerTests
{
    // Istio's tcp-echo sample: two versions behind one service, and the ingress gateway's TCP server on 31400.
    private const string Echo = """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: tcp-echo}
        spec:
          hosts: [tcp-echo]
          resolution: STATIC
          ports: [{number: 9000, name: tcp, protocol: TCP}]
          endpoints:
          - {address: 10.0.0.1, labels: {version: v1}}
          - {address: 10.0.0.2, labels: {version: v2}}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: tcp-echo}
        spec:
          host: tcp-echo
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v2, labels: {version: v2}}
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: tcp-echo-gateway}
        spec:
          servers:
          - port: {number: 31400, name: tcp, protocol: TCP}
            hosts: ["*"]
          - port: {number: 8080, name: http, protocol: HTTP}
            hosts: ["*"]
        """;

    private static MeshSnapshot Compile(string yaml, Action<MeshOptions>? configure = null)
    {
        var options = new MeshOptions();
        configure?.Invoke(options);
        var loaded = MeshConfigLoader.LoadYaml(Echo + "\n---\n" + yaml, "test.yaml", options.Namespace);
        Assert.False(loaded.HasErrors, string.Join('\n', loaded.Diagnostics));
        return new MeshCompiler(Options.Create(options), TimeProvider.System, RandomSource.Shared).Compile(loaded.Resources, []);
    }

    private static GatewayTcpListenerModel Listener(MeshSnapshot snapshot) =>
        snapshot.Gateways.TcpListener(31400) ?? throw new InvalidOperationException("no gateway TCP listener on 31400");

    private static string VirtualService(string name, string gateways, string tcp, string hosts = "\"*\"") => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: {{name}}}
        spec:
          hosts: [{{hosts}}]
          gateways: [{{gateways}}]
          tcp:
        {{tcp}}
        """;

    [Fact]
    public void TcpServer_BecomesATcpListener_NotAnHttpOne_WithTheBoundVirtualServicesWeightedRoute()
    {
        var snapshot = Compile(VirtualService("tcp-echo", "tcp-echo-gateway", """
              - match: [{port: 31400}]
                route:
                - {destination: {host: tcp-echo, port: {number: 9000}, subset: v1}, weight: 80}
                - {destination: {host: tcp-echo, port: {number: 9000}, subset: v2}, weight: 20}
            """));

        var listener = Assert.Single(snapshot.Gateways.TcpListeners);
        Assert.Equal(31400, listener.Port);
        Assert.Equal("Gateway/default/tcp-echo-gateway", listener.Name);
        Assert.Equal("spec.servers[0]", listener.Server.Path);
        Assert.Null(snapshot.Gateways.Listener(31400));
        Assert.Equal(8080, Assert.Single(snapshot.Gateways.Listeners).Port);

        var route = Assert.Single(listener.Routes);
        Assert.Equal("VirtualService/default/tcp-echo", route.VirtualService);
        Assert.Equal(
            [("outbound|9000|v1|tcp-echo.default.svc.cluster.local", 80), ("outbound|9000|v2|tcp-echo.default.svc.cluster.local", 20)],
            route.Destinations.Select(d => (d.Cluster!.Name, d.Weight)));
        Assert.Contains("outbound|9000|v2|tcp-echo.default.svc.cluster.local", snapshot.Clusters.Keys);
    }

    [Fact]
    public void VirtualServiceBoundToTheMeshOnly_IsNotUsed_AndTheListenerHasNoDefaultRoute()
    {
        var snapshot = Compile(VirtualService("mesh-only", "mesh", """
              - route: [{destination: {host: tcp-echo, subset: v1}}]
            """));

        Assert.Empty(Listener(snapshot).Routes);
        Assert.Null(Listener(snapshot).Route(IPAddress.Loopback, IPAddress.Loopback));

        // The sidecar's own listener for tcp-echo does use it.
        Assert.Equal("#0", snapshot.FindTcpService("tcp-echo.default.svc.cluster.local", 9000)!.Routes[0].Name);
    }

    [Theory]
    [InlineData("[{port: 9000}]", false)]
    [InlineData("[{port: 31400}]", true)]
    [InlineData("[{gateways: [other-gateway]}]", false)]
    [InlineData("[{gateways: [default/tcp-echo-gateway]}]", true)]
    [InlineData("[{port: 9000}, {gateways: [tcp-echo-gateway]}]", true)]
    [InlineData("[{sourceLabels: {app: other}}]", false)]
    [InlineData("[{sourceLabels: {app: ingress}}]", true)]
    public void MatchBlocks_ForAnotherPortGatewayOrWorkload_DropTheRoute(string match, bool kept)
    {
        var snapshot = Compile(
            VirtualService("tcp-echo", "tcp-echo-gateway", $$$"""
              - match: {{{match}}}
                route: [{destination: {host: tcp-echo, subset: v1}}]
            """),
            options => options.WorkloadLabels["app"] = "ingress");

        Assert.Equal(kept, Listener(snapshot).Routes.Count == 1);
    }

    [Fact]
    public void FirstMatchingRouteWins_DestinationSubnetsAreCheckedPerConnection()
    {
        var snapshot = Compile(VirtualService("tcp-echo", "tcp-echo-gateway", """
              - match: [{destinationSubnets: [10.0.0.0/8]}]
                route: [{destination: {host: tcp-echo, subset: v2}}]
              - route: [{destination: {host: tcp-echo, subset: v1}}]
            """));
        var listener = Listener(snapshot);

        Assert.Equal("#0", listener.Route(IPAddress.Parse("10.1.2.3"), IPAddress.Loopback)!.Name);
        Assert.Equal("#1", listener.Route(IPAddress.Loopback, IPAddress.Loopback)!.Name);
    }

    [Theory]
    [InlineData("[\"*\"]", "tcp.example.com", true)]
    [InlineData("[shop.example.com]", "tcp.example.com", false)]
    [InlineData("[\"*.example.com\"]", "tcp.example.com", true)]
    [InlineData("[\"other/*\"]", "tcp.example.com", false)]
    [InlineData("[\"default/tcp.example.com\"]", "tcp.example.com", true)]
    public void ServerHosts_MustMeetTheVirtualServiceHosts(string serverHosts, string virtualServiceHost, bool kept)
    {
        var snapshot = Compile($$"""
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: hosts-gateway}
            spec:
              servers:
              - port: {number: 31500, name: tcp, protocol: TCP}
                hosts: {{serverHosts}}
            ---
            """ + "\n" + VirtualService("tcp-echo", "hosts-gateway", """
              - route: [{destination: {host: tcp-echo, subset: v1}}]
            """, virtualServiceHost));

        Assert.Equal(kept, snapshot.Gateways.TcpListener(31500)!.Routes.Count == 1);
    }

    [Fact]
    public void VirtualServicesInLoadOrder_AreAppended_FromAnotherNamespaceByNamespacedGatewayName()
    {
        var snapshot = Compile(VirtualService("first", "tcp-echo-gateway", """
              - match: [{destinationSubnets: [10.0.0.0/8]}]
                route: [{destination: {host: tcp-echo, subset: v2}}]
            """) + "\n---\n" + """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: second, namespace: other}
            spec:
              hosts: ["*"]
              gateways: [default/tcp-echo-gateway]
              tcp:
              - route: [{destination: {host: tcp-echo.default.svc.cluster.local, subset: v1}}]
            """);

        Assert.Equal(
            ["VirtualService/default/first", "VirtualService/other/second"],
            Listener(snapshot).Routes.Select(r => r.VirtualService));
    }

    [Fact]
    public void SecondTcpServerOnAPort_IsLeftOut_TheFirstKeepsIt()
    {
        var snapshot = Compile("""
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: late-gateway}
            spec:
              servers:
              - port: {number: 31400, name: tcp, protocol: TCP}
                hosts: ["*"]
            """);

        Assert.Equal("Gateway/default/tcp-echo-gateway", Listener(snapshot).Name);
    }
}
