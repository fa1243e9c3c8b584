using System.Net;
using System.Net.Sockets;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>Gateway configuration the sidecar cannot serve fails the start with file:line errors; reloads move routes in place.</summary>
public sealed class GatewayStartupTests
{
    [Fact]
    public async Task UnservableServers_FailTheStart_NamingFileLineGatewayAndField()
    {
        using var config = new TempDirectory();
        using var certificates = new TempDirectory();
        var admin = SidecarProcess.FreePort();
        var file = config.Write("gateway.yaml", $$"""
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata:
              name: gw
            spec:
              servers:
              - port: {number: {{SidecarProcess.FreePort()}}, name: https, protocol: HTTPS}
                hosts: [shop.example.com]
                tls:
                  mode: SIMPLE
                  credentialName: absent
              - port: {number: {{SidecarProcess.FreePort()}}, name: passthrough, protocol: HTTPS}
                hosts: [shop.example.com]
                tls:
                  mode: PASSTHROUGH
              - port: {number: {{SidecarProcess.FreePort()}}, name: mongo, protocol: MONGO}
                hosts: ["*"]
              - port: {number: {{admin}}, name: http, protocol: HTTP}
                hosts: ["*"]
            """);

        var result = await SidecarProcess.RunToExitAsync("--config", config.Path, "--gateway-certs", certificates.Path,
            "--outbound-port", GatewayMesh.Text(SidecarProcess.FreePort()), "--admin-port", GatewayMesh.Text(admin));

        Assert.Equal(1, result.ExitCode);
        var errors = result.StandardError;
        Assert.Contains($"{file}:11:", errors, StringComparison.Ordinal);
        Assert.Contains($"Gateway/default/gw: spec.servers[0].tls.credentialName: the server certificate {certificates.File("absent.crt")} does not exist", errors, StringComparison.Ordinal);
        Assert.Contains($"Gateway/default/gw: spec.servers[0].tls.credentialName: the private key {certificates.File("absent.key")} does not exist", errors, StringComparison.Ordinal);
        Assert.Contains($"{file}:15:", errors, StringComparison.Ordinal);
        Assert.Contains("spec.servers[1].tls.mode: PASSTHROUGH is not supported by MeshLib.Sidecar", errors, StringComparison.Ordinal);
        Assert.Contains("spec.servers[2].port.protocol: protocol MONGO is not supported by MeshLib.Sidecar", errors, StringComparison.Ordinal);
        Assert.Contains($"spec.servers[3].port.number: port {GatewayMesh.Text(admin)} is the sidecar's admin port", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialName_WithoutGatewayCerts_SaysWhichOptionIsMissing()
    {
        using var config = new TempDirectory();
        var file = config.Write("gateway.yaml", $$"""
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata:
              name: gw
            spec:
              servers:
              - port: {number: {{SidecarProcess.FreePort()}}, name: https, protocol: HTTPS}
                hosts: [shop.example.com]
                tls: {mode: SIMPLE, credentialName: shop}
            """);

        var result = await SidecarProcess.RunToExitAsync("--config", config.Path,
            "--outbound-port", GatewayMesh.Text(SidecarProcess.FreePort()), "--admin-port", GatewayMesh.Text(SidecarProcess.FreePort()));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{file}:9:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("spec.servers[0].tls.credentialName: credential \"shop\" needs --gateway-certs DIR", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TlsServerNameTakenTwiceOnAPort_IsAWarning_TheFirstServerGetsTheConnections()
    {
        await using var productpage = await TestBackend.StartAsync("productpage");
        using var config = new TempDirectory();
        using var certificates = new TempDirectory();
        using var authority = TestCertificates.Create(certificates.Path);
        authority.Issue("first", ["dup.example.com"]).Certificate.Dispose();
        authority.Issue("second", ["dup.example.com"]).Certificate.Dispose();
        var port = SidecarProcess.FreePort();
        config.Write("registry.yaml", GatewayMesh.Registry(productpage.Port, productpage.Port));
        config.Write("gateway.yaml", $$"""
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata:
              name: gw
            spec:
              servers:
              - port: {number: {{port}}, name: https-first, protocol: HTTPS}
                hosts: [dup.example.com]
                tls: {mode: SIMPLE, credentialName: first}
              - port: {number: {{port}}, name: https-second, protocol: HTTPS}
                hosts: [dup.example.com]
                tls: {mode: SIMPLE, credentialName: second}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: dup
            spec:
              hosts: [dup.example.com]
              gateways: [gw]
              http:
              - route:
                - destination: {host: productpage}
            """);

        await using var sidecar = await SidecarProcess.StartAsync("--config", config.Path, "--gateway-certs", certificates.Path);

        Assert.Contains($"warning: Gateway/default/gw: spec.servers[1].hosts: TLS server name dup.example.com on port {GatewayMesh.Text(port)} already belongs to Gateway/default/gw spec.servers[0]",
            sidecar.Output, StringComparison.Ordinal);
        var response = ToolHttpResponse.Parse(await GatewayClients.CurlTlsAsync(authority.AuthorityPath, "dup.example.com", port, "/dup"));
        Assert.Equal("productpage", BackendAnswer.Parse(response.Body).Backend);
    }

    [Fact]
    public async Task HttpPortInUse_FailsTheStart_NamingTheGateway()
    {
        using var config = new TempDirectory();
        var port = SidecarProcess.FreePort();
        config.Write("gateway.yaml", Gateway(port));
        using var holder = new TcpListener(IPAddress.Loopback, port);
        holder.Start();

        var result = await SidecarProcess.RunToExitAsync("--config", config.Path,
            "--outbound-port", GatewayMesh.Text(SidecarProcess.FreePort()), "--admin-port", GatewayMesh.Text(SidecarProcess.FreePort()));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"cannot open a listener: Failed to bind to address http://127.0.0.1:{GatewayMesh.Text(port)}: address already in use", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"Gateway listener http://127.0.0.1:{GatewayMesh.Text(port)} cannot be opened (Address already in use): Gateway/default/gw spec.servers[0]",
            result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--gateway-bind", "localhost:80")]
    [InlineData("--gateway-certs", "no-such-certificates-directory")]
    public async Task BadGatewayOptions_AreUsageErrors(string option, string value)
    {
        var result = await SidecarProcess.RunToExitAsync("--config", ".", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"MeshLib.Sidecar: {option}", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_ChangesGatewayRoutesInPlace()
    {
        await using var productpage = await TestBackend.StartAsync("productpage");
        await using var reviews = await TestBackend.StartAsync("reviews");
        using var config = new TempDirectory();
        var port = SidecarProcess.FreePort();
        config.Write("registry.yaml", GatewayMesh.Registry(productpage.Port, reviews.Port));
        config.Write("gateway.yaml", Gateway(port));
        config.Write("routes.yaml", Routes("productpage"));
        await using var sidecar = await SidecarProcess.StartAsync("--config", config.Path);
        var url = $"http://127.0.0.1:{GatewayMesh.Text(port)}/page";

        Assert.Equal("productpage", BackendAnswer.Parse((await HttpTools.CurlAsync(url)).Body).Backend);

        // The route now sends /page to reviews: the listener opened at start follows the reload.
        config.Write("routes.yaml", Routes("reviews"));
        Assert.True(await Poll.UntilAsync(async () => (await HttpTools.CurlAsync(url)).Body.Contains("\"reviews\"", StringComparison.Ordinal), TimeSpan.FromSeconds(20), 100),
            "the gateway route did not follow the reload:\n" + sidecar.Output);
    }

    private static string Gateway(int port) => $$"""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: gw
        spec:
          servers:
          - port: {number: {{port}}, name: http, protocol: HTTP}
            hosts: ["*"]
        """;

    private static string Routes(string destination) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: edge
        spec:
          hosts: ["*"]
          gateways: [gw]
          http:
          - route:
            - destination:
                host: {destination}
        """;
}
