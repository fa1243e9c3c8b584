using System.Globalization;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>
/// Gateway servers with protocol TCP, as Istio's ingress gateway serves the tcp-echo sample: each is a TCP listener
/// on --gateway-bind routed by the <c>tcp</c> routes of the VirtualServices bound to its Gateway.
/// </summary>
public sealed class GatewayTcpTests
{
    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static string Registry(TcpEchoBackend v1, TcpEchoBackend v2) => $$$"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: tcp-echo}
        spec:
          hosts: [tcp-echo]
          location: MESH_INTERNAL
          resolution: STATIC
          ports: [{number: 9000, name: tcp, protocol: TCP}]
          endpoints:
          - {address: 127.0.0.1, ports: {tcp: {{{v1.Port}}}}, labels: {version: v1}}
          - {address: 127.0.0.1, ports: {tcp: {{{v2.Port}}}}, labels: {version: v2}}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: tcp-echo}
        spec:
          host: tcp-echo
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v2, labels: {version: v2}}
        """;

    private static string Gateway(string name, params int[] ports) => $"""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {"{"}name: {name}{"}"}
        spec:
          servers:
        {string.Concat(ports.Select(p => $"  - port: {"{"}number: {Text(p)}, name: tcp-{Text(p)}, protocol: TCP{"}"}\n    hosts: [\"*\"]\n"))}
        """;

    // The corpus's tcp-echo VirtualService on the gateway's port, to one subset.
    private static string ToSubset(string gateway, int port, string subset) => $$$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: tcp-echo}
        spec:
          hosts: ["*"]
          gateways: [{{{gateway}}}]
          tcp:
          - match: [{port: {{{Text(port)}}}}]
            route:
            - destination: {host: tcp-echo, port: {number: 9000}, subset: {{{subset}}}}
        """;

    [Fact]
    public async Task BoundVirtualService_RoutesBytesPerPort_SplitsByWeight_OthersAreClosed_AndConfigDumpListsThem()
    {
        await using var v1 = TcpEchoBackend.Start("v1");
        await using var v2 = TcpEchoBackend.Start("v2");
        using var directory = new TempDirectory();
        var (single, weighted, unbound, unrouted) = (SidecarProcess.FreePort(), SidecarProcess.FreePort(), SidecarProcess.FreePort(), SidecarProcess.FreePort());
        directory.Write("registry.yaml", Registry(v1, v2));
        directory.Write("gateway.yaml", Gateway("tcp-gateway", single, weighted, unbound, unrouted) + "---\n" + Gateway("other-gateway", SidecarProcess.FreePort()));
        directory.Write("routes.yaml", $$$"""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: tcp-echo}
            spec:
              hosts: ["*"]
              gateways: [tcp-gateway]
              tcp:
              - match: [{port: {{{Text(single)}}}}]
                route:
                - destination: {host: tcp-echo, port: {number: 9000}, subset: v1}
              - match: [{port: {{{Text(weighted)}}}}]
                route:
                - {destination: {host: tcp-echo, port: {number: 9000}, subset: v1}, weight: 50}
                - {destination: {host: tcp-echo, port: {number: 9000}, subset: v2}, weight: 50}
            ---
            # Routes the unbound port, but is bound to another gateway: not used by tcp-gateway.
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: elsewhere}
            spec:
              hosts: ["*"]
              gateways: [other-gateway]
              tcp:
              - match: [{port: {{{Text(unbound)}}}}]
                route:
                - destination: {host: tcp-echo, port: {number: 9000}, subset: v2}
            """);

        await using var sidecar = await SidecarProcess.StartAsync("--config", directory.Path);

        Assert.Equal(["v1 hello|v1 bye", "v1 hello|v1 bye", "v1 hello|v1 bye"], await TcpClients.EchoAsync(single, 3));

        var answers = await TcpClients.EchoAsync(weighted, 40);
        Assert.All(answers, answer => Assert.Contains(answer, new[] { "v1 hello|v1 bye", "v2 hello|v2 bye" }));

        // 50/50 over 40 connections: 20 expected; outside 6..34 has a probability below 1e-5.
        Assert.InRange(answers.Count(a => a.StartsWith("v1", StringComparison.Ordinal)), 6, 34);

        var before = v2.Connections;
        Assert.Equal(["closed"], await TcpClients.EchoAsync(unbound, 1));
        Assert.Equal(["closed"], await TcpClients.EchoAsync(unrouted, 1));
        Assert.Equal(before, v2.Connections);
        Assert.Contains($"TCP Gateway/default/tcp-gateway:{Text(unrouted)}: connection closed (NR): no tcp route matches it", sidecar.Output, StringComparison.Ordinal);
        Assert.Contains($"Gateway listener tcp://127.0.0.1:{Text(single)} serves Gateway/default/tcp-gateway spec.servers[0]", sidecar.Output, StringComparison.Ordinal);

        using var dump = await sidecar.AdminJsonAsync("/config_dump");
        var listeners = dump.RootElement.GetProperty("gatewayListeners").EnumerateArray().ToDictionary(l => l.GetProperty("port").GetInt32());
        var weightedListener = listeners[weighted];
        Assert.Equal("TCP", weightedListener.GetProperty("protocol").GetString());
        Assert.Equal("127.0.0.1", weightedListener.GetProperty("address").GetString());
        var server = weightedListener.GetProperty("servers")[0];
        Assert.Equal("Gateway/default/tcp-gateway", server.GetProperty("gateway").GetString());
        var route = Assert.Single(server.GetProperty("tcpRoutes").EnumerateArray());
        Assert.Equal("VirtualService/default/tcp-echo: #1", route.GetProperty("route").GetString());
        Assert.Equal(
            ["outbound|9000|v1|tcp-echo.default.svc.cluster.local", "outbound|9000|v2|tcp-echo.default.svc.cluster.local"],
            route.GetProperty("destinations").EnumerateArray().Select(d => d.GetProperty("cluster").GetString()));
        Assert.Equal(0, listeners[unbound].GetProperty("servers")[0].GetProperty("tcpRoutes").GetArrayLength());
    }

    [Fact]
    public async Task Reload_SwitchesTheDestinationOfNewConnections_AndOpensAndClosesGatewayPorts()
    {
        await using var v1 = TcpEchoBackend.Start("v1");
        await using var v2 = TcpEchoBackend.Start("v2");
        using var directory = new TempDirectory();
        var (port, late) = (SidecarProcess.FreePort(), SidecarProcess.FreePort());
        directory.Write("registry.yaml", Registry(v1, v2));
        directory.Write("gateway.yaml", Gateway("tcp-gateway", port));
        directory.Write("route.yaml", ToSubset("tcp-gateway", port, "v1"));
        await using var sidecar = await SidecarProcess.StartAsync("--config", directory.Path);
        Assert.Equal(["v1 hello|v1 bye"], await TcpClients.EchoAsync(port, 1));

        await sidecar.ReloadAsync(() => directory.Write("route.yaml", ToSubset("tcp-gateway", port, "v2")));
        Assert.Equal(["v2 hello|v2 bye", "v2 hello|v2 bye"], await TcpClients.EchoAsync(port, 2));

        // A TCP server added by a reload is listened on at once; one removed stops being listened on.
        await sidecar.ReloadAsync(() => directory.Write("gateway.yaml", Gateway("tcp-gateway", late)));
        await sidecar.ReloadAsync(() => directory.Write("route.yaml", ToSubset("tcp-gateway", late, "v1")));
        Assert.Equal(["v1 hello|v1 bye"], await TcpClients.EchoAsync(late, 1));
        Assert.False(await SidecarProcess.AcceptsAsync(port));
        Assert.Contains($"Gateway listener tcp://127.0.0.1:{Text(port)} closed", sidecar.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LabelledSidecar_ServesOnlyTheGatewaysItsLabelsSelect_AndIgnoresWhatItCouldNotServeOfTheOthers()
    {
        await using var v1 = TcpEchoBackend.Start("v1");
        await using var v2 = TcpEchoBackend.Start("v2");
        using var directory = new TempDirectory();
        var (ingress, egress, egressTls) = (SidecarProcess.FreePort(), SidecarProcess.FreePort(), SidecarProcess.FreePort());
        directory.Write("registry.yaml", Registry(v1, v2));
        directory.Write("gateway.yaml", $$"""
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: ingress}
            spec:
              selector: {istio: ingressgateway}
              servers: [{port: {number: {{Text(ingress)}}, name: tcp, protocol: TCP}, hosts: ["*"]}]
            ---
            # Selects the egress gateway workload: not this sidecar, so neither its TCP port nor its TLS passthrough
            # server (which this sidecar could not serve) concern it.
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: egress}
            spec:
              selector: {istio: egressgateway}
              servers:
              - port: {number: {{Text(egress)}}, name: tcp, protocol: TCP}
                hosts: ["*"]
              - port: {number: {{Text(egressTls)}}, name: tls, protocol: TLS}
                hosts: [api.example.com]
                tls: {mode: PASSTHROUGH}
            """);
        directory.Write("routes.yaml", ToSubset("ingress", ingress, "v1") + "\n---\n" + ToSubset("egress", egress, "v2").Replace("name: tcp-echo", "name: tcp-echo-egress", StringComparison.Ordinal));

        await using var sidecar = await SidecarProcess.StartAsync("--config", directory.Path, "--label", "istio=ingressgateway", "--label", "app=istio-ingressgateway");

        Assert.Equal(["v1 hello|v1 bye"], await TcpClients.EchoAsync(ingress, 1));
        Assert.False(await SidecarProcess.AcceptsAsync(egress));
        Assert.False(await SidecarProcess.AcceptsAsync(egressTls));
        Assert.Equal(0, v2.Connections);
    }

    [Fact]
    public async Task TcpServerPort_TakenByAServiceListenerOrAnotherServer_FailsTheStart_NamingFileLineAndField()
    {
        await using var v1 = TcpEchoBackend.Start("v1");
        await using var v2 = TcpEchoBackend.Start("v2");
        using var directory = new TempDirectory();
        var (serviceListener, http) = (SidecarProcess.FreePort(), SidecarProcess.FreePort());
        directory.Write("registry.yaml", Registry(v1, v2));
        var file = directory.Write("gateway.yaml", $$"""
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata:
              name: gw
            spec:
              servers:
              - port: {number: {{Text(serviceListener)}}, name: tcp, protocol: TCP}
                hosts: ["*"]
              - port: {number: {{Text(http)}}, name: http, protocol: HTTP}
                hosts: ["*"]
              - port: {number: {{Text(http)}}, name: tcp-http, protocol: TCP}
                hosts: ["*"]
              - port: {number: {{Text(SidecarProcess.FreePort())}}, name: tls, protocol: TLS}
                hosts: ["*"]
            """);

        var result = await SidecarProcess.RunToExitAsync("--config", directory.Path, "--tcp-listen", $"9000={Text(serviceListener)}",
            "--outbound-port", Text(SidecarProcess.FreePort()), "--admin-port", Text(SidecarProcess.FreePort()));

        Assert.Equal(1, result.ExitCode);
        var errors = result.StandardError;
        Assert.Contains($"{file}:7:", errors, StringComparison.Ordinal);
        Assert.Contains(
            $"Gateway/default/gw: spec.servers[0].port.number: port {Text(serviceListener)} is the sidecar's TCP listener for tcp-echo.default.svc.cluster.local:9000",
            errors, StringComparison.Ordinal);
        Assert.Contains($"{file}:11:", errors, StringComparison.Ordinal);
        Assert.Contains(
            $"spec.servers[2].port.number: port {Text(http)} already serves plain HTTP for Gateway/default/gw spec.servers[1]: a TCP server needs a gateway port of its own",
            errors, StringComparison.Ordinal);
        Assert.Contains("spec.servers[3].port.protocol: protocol TLS is not supported by MeshLib.Sidecar gateways", errors, StringComparison.Ordinal);
    }
}
