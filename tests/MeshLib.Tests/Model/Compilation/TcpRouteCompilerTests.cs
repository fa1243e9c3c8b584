using System.Net;
using MeshLib.Configuration;
using MeshLib.Internal;
using MeshLib.Model;
using MeshLib.Model.Compilation;
using MeshLib.Tcp;
using Microsoft.Extensions.Options;

namespace MeshLib.Tests.Model.Compilation;

public class TcpRouteCompilerTests
{
    private const string Db = """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: db}
        spec:
          hosts: [db.example.com]
          resolution: STATIC
          ports:
          - {number: 5432, name: tcp, protocol: TCP}
          - {number: 27017, name: mongo, protocol: MONGO}
          - {number: 8080, name: http, protocol: HTTP}
          endpoints:
          - {address: 10.0.0.1, labels: {version: v1}}
          - {address: 10.0.0.2, labels: {version: v2}}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: db}
        spec:
          host: db.example.com
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v2, labels: {version: v2}}
        """;

    private static MeshSnapshot Compile(string yaml, Action<MeshOptions>? configure = null)
    {
        var options = new MeshOptions();
        configure?.Invoke(options);
        var loaded = MeshConfigLoader.LoadYaml(yaml, "test.yaml", options.Namespace);
        Assert.False(loaded.HasErrors, string.Join('\n', loaded.Diagnostics));
        return new MeshCompiler(Options.Create(options), TimeProvider.System, RandomSource.Shared).Compile(loaded.Resources, []);
    }

    private static TcpServiceModel Service(MeshSnapshot snapshot, int port) =>
        snapshot.FindTcpService("db.example.com", port) ?? throw new InvalidOperationException($"no TCP service on {port}");

    [Fact]
    public void EveryTcpPort_GetsAService_HttpPortsDoNot()
    {
        var snapshot = Compile(Db);

        Assert.Equal(["db.example.com:5432", "db.example.com:27017"], snapshot.TcpServices.Select(s => s.ToString()));
        Assert.Null(snapshot.FindTcpService("db.example.com", 8080));
    }

    [Fact]
    public void WithoutVirtualService_TheDefaultRouteGoesToTheServicesCluster()
    {
        var route = Assert.Single(Service(Compile(Db), 5432).Routes);

        Assert.Equal("default", route.Name);
        Assert.Empty(route.Matches);
        Assert.Equal("outbound|5432||db.example.com", Assert.Single(route.Destinations).Cluster!.Name);
    }

    [Fact]
    public void WeightedRoute_ForItsPort_ReplacesTheDefault_AndItsClustersAreInTheSnapshot()
    {
        var snapshot = Compile(Db + "\n" + """
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: db}
            spec:
              hosts: [db.example.com]
              tcp:
              - match: [{port: 5432}]
                route:
                - {destination: {host: db.example.com, subset: v1}, weight: 80}
                - {destination: {host: db.example.com, subset: v2}, weight: 20}
                - {destination: {host: db.example.com, subset: v1}, weight: 0}
            """);

        var route = Assert.Single(Service(snapshot, 5432).Routes);
        Assert.Equal("#0", route.Name);
        Assert.Equal("VirtualService/default/db", route.VirtualService);
        Assert.Equal(
            [("outbound|5432|v1|db.example.com", 80), ("outbound|5432|v2|db.example.com", 20)],
            route.Destinations.Select(d => (d.Cluster!.Name, d.Weight)));
        Assert.Contains("outbound|5432|v2|db.example.com", snapshot.Clusters.Keys);

        // The route matches port 5432 only: the MONGO port keeps its default route.
        Assert.Equal("default", Assert.Single(Service(snapshot, 27017).Routes).Name);
    }

    [Fact]
    public void DestinationSubnets_KeepTheDefaultRouteAfterThem()
    {
        var snapshot = Compile(Db + "\n" + """
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: db}
            spec:
              hosts: [db.example.com]
              tcp:
              - match: [{destinationSubnets: [127.0.0.0/8]}]
                route: [{destination: {host: db.example.com, subset: v2}}]
            """);
        var service = Service(snapshot, 5432);

        Assert.Equal(["#0", "default"], service.Routes.Select(r => r.Name));
        Assert.Equal("#0", service.Route(IPAddress.Loopback, IPAddress.Loopback)!.Name);
        Assert.Equal("default", service.Route(IPAddress.Parse("10.1.2.3"), IPAddress.Loopback)!.Name);
    }

    [Theory]
    [InlineData("sourceLabels: {app: other}", "default")]
    [InlineData("sourceLabels: {app: client}", "#0")]
    [InlineData("gateways: [tcp-echo-gateway]", "default")]
    [InlineData("gateways: [mesh]", "#0")]
    [InlineData("sourceNamespace: other", "default")]
    public void MatchesForOtherWorkloadsOrGateways_DropTheRoute(string match, string expected)
    {
        var snapshot = Compile(
            Db + "\n" + $$$"""
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: db}
            spec:
              hosts: [db.example.com]
              tcp:
              - match: [{{{{match}}}}]
                route: [{destination: {host: db.example.com, subset: v2}}]
            """,
            options => options.WorkloadLabels["app"] = "client");

        Assert.Equal(expected, Service(snapshot, 5432).Routes[0].Name);
    }

    [Fact]
    public void DestinationWithoutPort_OfAMultiPortService_UsesTheListenersPort()
    {
        var snapshot = Compile(Db + "\n" + """
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: db}
            spec:
              hosts: ["*.example.com"]
              tcp:
              - route: [{destination: {host: db.example.com, subset: v1}}]
            """);

        Assert.Equal("outbound|27017|v1|db.example.com", Service(snapshot, 27017).Routes[0].Destinations[0].Cluster!.Name);
    }

    [Fact]
    public void UnknownDestination_HasNoCluster()
    {
        var snapshot = Compile(Db + "\n" + """
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: db}
            spec:
              hosts: [db.example.com]
              tcp:
              - route: [{destination: {host: elsewhere.example.com}}]
            """);

        var destination = Service(snapshot, 5432).Routes[0].Destinations[0];
        Assert.Equal("elsewhere.example.com", destination.Host);
        Assert.Null(destination.Cluster);
    }
}
