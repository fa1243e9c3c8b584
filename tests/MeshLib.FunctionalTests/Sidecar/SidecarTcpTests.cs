using System.Globalization;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>
/// TCP through the sidecar: VirtualService <c>tcp</c> routes (Istio's tcp-echo sample, weighted between two versions)
/// and ServiceEntry TCP ports proxied on their own listeners, reloaded without a restart.
/// </summary>
public sealed class SidecarTcpTests
{
    private static string TcpEcho(TcpEchoBackend v1, TcpEchoBackend v2) => $$$"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: tcp-echo}
        spec:
          hosts: [tcp-echo]
          location: MESH_INTERNAL
          resolution: STATIC
          ports: [{number: 9000, name: tcp, protocol: TCP}]
          endpoints:
          - {address: 127.0.0.1, ports: {tcp: {{{v1.Port}}}}, labels: {app: tcp-echo, version: v1}}
          - {address: 127.0.0.1, ports: {tcp: {{{v2.Port}}}}, labels: {app: tcp-echo, version: v2}}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: tcp-echo-destination}
        spec:
          host: tcp-echo
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v2, labels: {version: v2}}
        """;

    // The corpus's tcp-echo-20-v2 route, bound to the mesh (sidecars) instead of the sample's ingress gateway.
    private static string Weights(int v1, int v2) => $$$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: tcp-echo}
        spec:
          hosts: [tcp-echo]
          tcp:
          - match:
            - port: 9000
            route:
            - destination: {host: tcp-echo, port: {number: 9000}, subset: v1}
              weight: {{{v1}}}
            - destination: {host: tcp-echo, port: {number: 9000}, subset: v2}
              weight: {{{v2}}}
        """;

    [Fact]
    public async Task TcpRoute_Weights_AreFollowedPerConnection_AndAReloadChangesThem()
    {
        await using var v1 = TcpEchoBackend.Start("v1");
        await using var v2 = TcpEchoBackend.Start("v2");
        using var directory = new TempDirectory();
        directory.Write("tcp-echo.yaml", TcpEcho(v1, v2));
        directory.Write("virtual-service.yaml", Weights(100, 0));
        var listenPort = SidecarProcess.FreePort();
        await using var sidecar = await SidecarProcess.StartAsync("--config", directory.Path, "--tcp-listen", $"9000={listenPort}");

        Assert.All(await TcpClients.EchoAsync(listenPort, 10), answer => Assert.Equal("v1 hello|v1 bye", answer));

        await sidecar.ReloadAsync(() => directory.Write("virtual-service.yaml", Weights(80, 20)));
        var answers = await TcpClients.EchoAsync(listenPort, 50);
        Assert.All(answers, answer => Assert.Contains(answer, new[] { "v1 hello|v1 bye", "v2 hello|v2 bye" }));
        var toV1 = answers.Count(a => a.StartsWith("v1", StringComparison.Ordinal));

        // 80/20 over 50 connections: 40 expected; outside 28..49 has a probability below 1e-5.
        Assert.InRange(toV1, 28, 49);

        await sidecar.ReloadAsync(() => directory.Write("virtual-service.yaml", Weights(0, 100)));
        Assert.All(await TcpClients.EchoAsync(listenPort, 10), answer => Assert.Equal("v2 hello|v2 bye", answer));
    }

    [Fact]
    public async Task Reload_OpensTheListenerOfANewTcpService_AndClosesItWhenTheServiceGoes()
    {
        await using var late = TcpEchoBackend.Start("late");
        using var directory = new TempDirectory();
        directory.Write("placeholder.yaml", MeshYaml.ServiceEntry("web.example.com", 80, (MeshYaml.ClosedPort(), "app: web")));
        var listenPort = SidecarProcess.FreePort();
        await using var sidecar = await SidecarProcess.StartAsync("--config", directory.Path, "--tcp-listen", $"late.example.com:7100={listenPort}");
        Assert.False(await SidecarProcess.AcceptsAsync(listenPort));

        await sidecar.ReloadAsync(() => directory.Write("late.yaml", $$$"""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: late}
            spec:
              hosts: [late.example.com]
              ports: [{number: 7100, name: tcp, protocol: TCP}]
              resolution: STATIC
              endpoints: [{address: 127.0.0.1, ports: {tcp: {{{late.Port}}}}}]
            """));

        // The listeners follow the new snapshot just after it is served: poll, bounded.
        Assert.True(await Poll.UntilAsync(() => SidecarProcess.AcceptsAsync(listenPort), TimeSpan.FromSeconds(10)), sidecar.Output);
        Assert.Equal(["late hello|late bye"], await TcpClients.EchoAsync(listenPort, 1));

        await sidecar.ReloadAsync(() => File.Delete(directory.File("late.yaml")));
        var closed = $"TCP listener 127.0.0.1:{listenPort} for late.example.com:7100 closed";
        Assert.True(await Poll.UntilAsync(() => sidecar.Output.Contains(closed, StringComparison.Ordinal), TimeSpan.FromSeconds(10)), sidecar.Output);
        Assert.False(await SidecarProcess.AcceptsAsync(listenPort));
    }

    [Theory]
    [InlineData("--tcp-listen", "9000")]
    [InlineData("--tcp-listen", "db:0=9000")]
    [InlineData("--tcp-listen", ":9000=9001")]
    [InlineData("--tcp-port-offset", "ten")]
    [InlineData("--tcp-port-offset", "70000")]
    public async Task BadTcpOptions_PrintUsage_Exit2(string name, string value)
    {
        var result = await SidecarProcess.RunToExitAsync("--config", "mesh", name, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"MeshLib.Sidecar: {name} must be", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("usage: MeshLib.Sidecar --config PATH", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplicitTcpListenPort_InUse_FailsTheStart()
    {
        await using var v1 = TcpEchoBackend.Start("v1");
        await using var v2 = TcpEchoBackend.Start("v2");
        using var directory = new TempDirectory();
        directory.Write("tcp-echo.yaml", TcpEcho(v1, v2));

        // The backend's own port is taken.
        var result = await SidecarProcess.RunToExitAsync(
            "--config", directory.Path, "--tcp-listen", $"9000={v1.Port}",
            "--outbound-port", SidecarProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            "--admin-port", SidecarProcess.FreePort().ToString(CultureInfo.InvariantCulture));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"cannot open a listener: TCP listener 127.0.0.1:{v1.Port} for tcp-echo.default.svc.cluster.local:9000 (--tcp-listen)", result.StandardError, StringComparison.Ordinal);
    }

}

/// <summary>
/// One sidecar for several TCP services: the walkthrough's MongoDB ServiceEntry (MONGO port, VIPs, STATIC endpoints)
/// with its default route, the same over mutual TLS, an endpoint that refuses connections and a one-connection limit.
/// </summary>
public sealed class SidecarTcpServicesTests(SidecarTcpServicesTests.Fixture services) : IClassFixture<SidecarTcpServicesTests.Fixture>
{
    [Fact]
    public async Task ServiceEntryTcpPort_WithoutVirtualService_BalancesOverItsEndpoints_OnThePortShiftedByTheOffset()
    {
        var answers = await TcpClients.EchoAsync(services.MongoListenPort, 20);

        Assert.All(answers, answer => Assert.Matches("^mongo-[ab] hello\\|mongo-[ab] bye$", answer));
        Assert.Contains(answers, a => a.StartsWith("mongo-a", StringComparison.Ordinal));
        Assert.Contains(answers, a => a.StartsWith("mongo-b", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DestinationRuleMutualTls_OriginatesTlsForTcp_WithTheClientCertificate()
    {
        var before = services.SecureMongo.ClientCertificates.Count;

        Assert.Equal(["mongo-tls hello|mongo-tls bye"], await TcpClients.EchoAsync(services.SecureListenPort, 1));
        Assert.Equal("CN=client.example.com", services.SecureMongo.ClientCertificates.Skip(before).Single());
    }

    [Fact]
    public async Task ConnectFailure_ClosesTheClientConnection_AndTheSidecarCarriesOn()
    {
        Assert.Equal(["closed"], await TcpClients.EchoAsync(services.BrokenListenPort, 1));
        Assert.Equal(["mongo-tls hello|mongo-tls bye"], await TcpClients.EchoAsync(services.SecureListenPort, 1));
    }

    [Fact]
    public async Task MaxConnections_ClosesTheConnectionBeyondTheLimit()
    {
        var (held, extra) = await TcpClients.WhileHoldingOneAsync(services.LimitedListenPort);

        Assert.Equal("limited hello", held);
        Assert.Equal("closed", extra);
        Assert.Equal(["limited hello|limited bye"], await TcpClients.EchoAsync(services.LimitedListenPort, 1));
    }

    [Fact]
    public async Task ConnectFailures_EjectTheEndpoint_ByOutlierDetection()
    {
        var answers = await TcpClients.EchoAsync(services.FlakyListenPort, 12);

        // Round robin reaches the closed endpoint within two connections; that one failure ejects it
        // (consecutive5xxErrors: 1) for a minute, so every other connection reaches the steady one.
        var failed = Assert.Single(answers.Select((answer, index) => (answer, index)), a => a.answer == "closed");
        Assert.InRange(failed.index, 0, 1);
        Assert.All(answers.Where(a => a != "closed"), answer => Assert.Equal("steady hello|steady bye", answer));
    }

    public sealed class Fixture : IAsyncLifetime, IDisposable
    {
        private const int MongoPort = 27018;
        private readonly TempDirectory _directory = new();
        private TestCertificates? _authority;
        private readonly List<TcpEchoBackend> _backends = [];

        public SidecarProcess Sidecar { get; private set; } = null!;

        public TcpEchoBackend SecureMongo { get; private set; } = null!;

        public int MongoListenPort { get; } = SidecarProcess.FreePort();

        public int SecureListenPort { get; } = SidecarProcess.FreePort();

        public int BrokenListenPort { get; } = SidecarProcess.FreePort();

        public int LimitedListenPort { get; } = SidecarProcess.FreePort();

        public int FlakyListenPort { get; } = SidecarProcess.FreePort();

        public async Task InitializeAsync()
        {
            _authority = TestCertificates.Create(_directory.Path);
            var server = _authority.Issue("server", ["mymongodb-tls.somedomain"]);
            var client = _authority.Issue("client", ["client.example.com"], clientAuthentication: true);
            var a = Backend(TcpEchoBackend.Start("mongo-a"));
            var b = Backend(TcpEchoBackend.Start("mongo-b"));
            SecureMongo = Backend(TcpEchoBackend.Start("mongo-tls", server.Certificate, _authority.Authority));
            var limited = Backend(TcpEchoBackend.Start("limited"));
            var steady = Backend(TcpEchoBackend.Start("steady"));
            var closed = MeshYaml.ClosedPort();

            _directory.Write("mesh.yaml", $$$"""
                # The walkthrough's MongoDB entry, its VMs played by two local echo servers.
                apiVersion: networking.istio.io/v1alpha3
                kind: ServiceEntry
                metadata:
                  name: external-svc-mongocluster
                spec:
                  hosts:
                  - mymongodb.somedomain # not used
                  addresses:
                  - 192.192.192.192/24 # VIPs
                  ports:
                  - number: {{{MongoPort}}}
                    name: mongodb
                    protocol: MONGO
                  location: MESH_INTERNAL
                  resolution: STATIC
                  endpoints:
                  - {address: 127.0.0.1, ports: {mongodb: {{{a.Port}}}}}
                  - {address: 127.0.0.1, ports: {mongodb: {{{b.Port}}}}}
                ---
                apiVersion: networking.istio.io/v1alpha3
                kind: ServiceEntry
                metadata:
                  name: external-svc-mongocluster-tls
                spec:
                  hosts: [mymongodb-tls.somedomain]
                  ports: [{number: {{{MongoPort}}}, name: mongodb, protocol: MONGO}]
                  location: MESH_INTERNAL
                  resolution: STATIC
                  endpoints: [{address: 127.0.0.1, ports: {mongodb: {{{SecureMongo.Port}}}}}]
                ---
                # The walkthrough's mTLS rule, with this test's certificate files.
                apiVersion: networking.istio.io/v1alpha3
                kind: DestinationRule
                metadata:
                  name: mtls-mongocluster
                spec:
                  host: mymongodb-tls.somedomain
                  trafficPolicy:
                    tls:
                      mode: MUTUAL
                      clientCertificate: "{{{client.CertificatePath}}}"
                      privateKey: "{{{client.KeyPath}}}"
                      caCertificates: "{{{_authority.AuthorityPath}}}"
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: broken}
                spec:
                  hosts: [broken.example.com]
                  ports: [{number: 7000, name: tcp, protocol: TCP}]
                  resolution: STATIC
                  endpoints: [{address: 127.0.0.1, ports: {tcp: {{{closed}}}}}]
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: limited}
                spec:
                  hosts: [limited.example.com]
                  ports: [{number: 7001, name: tcp, protocol: TCP}]
                  resolution: STATIC
                  endpoints: [{address: 127.0.0.1, ports: {tcp: {{{limited.Port}}}}}]
                ---
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: limited}
                spec:
                  host: limited.example.com
                  trafficPolicy:
                    connectionPool:
                      tcp: {maxConnections: 1}
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: flaky}
                spec:
                  hosts: [flaky.example.com]
                  ports: [{number: 7002, name: tcp, protocol: TCP}]
                  resolution: STATIC
                  endpoints:
                  - {address: 127.0.0.1, ports: {tcp: {{{closed}}}}}
                  - {address: 127.0.0.1, ports: {tcp: {{{steady.Port}}}}}
                ---
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: flaky}
                spec:
                  host: flaky.example.com
                  trafficPolicy:
                    loadBalancer: {simple: ROUND_ROBIN}
                    outlierDetection: {consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 1m, maxEjectionPercent: 100}
                """);
            Sidecar = await SidecarProcess.StartAsync(
                "--config", _directory.Path,
                "--tcp-port-offset", (MongoListenPort - MongoPort).ToString(CultureInfo.InvariantCulture),
                "--tcp-listen", $"mymongodb-tls.somedomain:{MongoPort}={SecureListenPort}",
                "--tcp-listen", $"7000={BrokenListenPort}",
                "--tcp-listen", $"7001={LimitedListenPort}",
                "--tcp-listen", $"7002={FlakyListenPort}");
        }

        public async Task DisposeAsync()
        {
            await Sidecar.DisposeAsync();
            foreach (var backend in _backends)
            {
                await backend.DisposeAsync();
            }

            _authority?.Dispose();
        }

        public void Dispose() => _directory.Dispose();

        private TcpEchoBackend Backend(TcpEchoBackend backend)
        {
            _backends.Add(backend);
            return backend;
        }
    }
}
