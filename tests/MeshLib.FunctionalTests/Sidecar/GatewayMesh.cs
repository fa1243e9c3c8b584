using System.Globalization;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>
/// A sidecar serving Gateways in front of real backends (productpage, reviews), with certificates from a test CA:
/// <list type="bullet">
/// <item>the corpus <c>bookinfo-gateway.yaml</c> (HTTP, hosts <c>*</c>) on <see cref="BookinfoPort"/>, plus a
/// gateway-only VirtualService for the mesh host <c>reviews</c>;</item>
/// <item><c>shop-gateway</c>: HTTPS SIMPLE on <see cref="HttpsPort"/> for shop.example.com and api.example.com
/// (one certificate each, chosen by SNI), plain HTTP for shop.example.com on <see cref="ShopPort"/>, and an
/// <c>httpsRedirect</c> server on <see cref="RedirectPort"/>;</item>
/// <item><c>mtls-gateway</c>: MUTUAL TLS on <see cref="MutualPort"/>, clients verified by the CA and a subject alternative name.</item>
/// </list>
/// </summary>
public sealed class GatewayMesh : IAsyncLifetime
{
    private readonly string _config = Directory.CreateTempSubdirectory("meshlib-gateway-").FullName;
    private readonly string _certificates = Directory.CreateTempSubdirectory("meshlib-gateway-certs-").FullName;
    private TestCertificates _authority = null!;

    public TestBackend Productpage { get; private set; } = null!;

    public TestBackend Reviews { get; private set; } = null!;

    public SidecarProcess Sidecar { get; private set; } = null!;

    public int BookinfoPort { get; } = SidecarProcess.FreePort();

    public int ShopPort { get; } = SidecarProcess.FreePort();

    public int RedirectPort { get; } = SidecarProcess.FreePort();

    public int HttpsPort { get; } = SidecarProcess.FreePort();

    public int MutualPort { get; } = SidecarProcess.FreePort();

    /// <summary>The CA that issued every certificate, for <c>curl --cacert</c>.</summary>
    public string AuthorityPath => _authority.AuthorityPath;

    /// <summary>A client certificate the mutual-TLS gateway accepts (SAN client.example.com).</summary>
    public IssuedCertificate Client { get; private set; } = null!;

    /// <summary>A client certificate from the same CA with another name, which the mutual-TLS gateway refuses.</summary>
    public IssuedCertificate Stranger { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Productpage = await TestBackend.StartAsync("productpage");
        Reviews = await TestBackend.StartAsync("reviews");
        _authority = TestCertificates.Create(_certificates);
        _authority.Issue("shop", ["shop.example.com"]).Certificate.Dispose();
        _authority.Issue("api", ["api.example.com"]).Certificate.Dispose();
        var mutual = _authority.Issue("mtls-server", ["mtls.example.com"]);
        mutual.Certificate.Dispose();
        Client = _authority.Issue("client", ["client.example.com"], clientAuthentication: true);
        Stranger = _authority.Issue("stranger", ["stranger.example.com"], clientAuthentication: true);

        await File.WriteAllTextAsync(Path.Combine(_config, "registry.yaml"), Registry(Productpage.Port, Reviews.Port));
        var corpus = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Corpus, "bookinfo-gateway.yaml"));
        await File.WriteAllTextAsync(Path.Combine(_config, "bookinfo-gateway.yaml"), corpus.Replace("number: 8080", "number: " + Text(BookinfoPort), StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(_config, "edge-only.yaml"), EdgeOnly);
        await File.WriteAllTextAsync(Path.Combine(_config, "shop.yaml"), Shop());
        await File.WriteAllTextAsync(Path.Combine(_config, "mtls.yaml"), Mutual(mutual));
        Sidecar = await SidecarProcess.StartAsync("--config", _config, "--gateway-certs", _certificates);
    }

    public async Task DisposeAsync()
    {
        await Sidecar.DisposeAsync();
        await Productpage.DisposeAsync();
        await Reviews.DisposeAsync();
        Client.Certificate.Dispose();
        Stranger.Certificate.Dispose();
        _authority.Dispose();
        Directory.Delete(_config, recursive: true);
        Directory.Delete(_certificates, recursive: true);
    }

    /// <summary>curl's <c>--resolve</c> for <paramref name="host"/> on <paramref name="port"/>: the name goes to 127.0.0.1.</summary>
    public static string Resolve(string host, int port) => $"{host}:{Text(port)}:127.0.0.1";

    public static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    // A gateway-only VirtualService for a mesh host: reachable through bookinfo-gateway, invisible to the outbound listener.
    private const string EdgeOnly = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews-edge
        spec:
          hosts: [reviews]
          gateways: [bookinfo-gateway]
          http:
          - name: edge-only
            match:
            - uri: {prefix: /edge-only}
            route:
            - destination: {host: productpage}
        """;

    /// <summary>ServiceEntries for productpage and reviews (port 9080) with one endpoint each on 127.0.0.1.</summary>
    public static string Registry(int productpagePort, int reviewsPort) => $$"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: productpage}
        spec:
          hosts: [productpage]
          location: MESH_INTERNAL
          resolution: STATIC
          ports: [{number: 9080, name: http, protocol: HTTP}]
          endpoints:
          - address: 127.0.0.1
            ports:
              http: {{productpagePort}}
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          location: MESH_INTERNAL
          resolution: STATIC
          ports: [{number: 9080, name: http, protocol: HTTP}]
          endpoints:
          - address: 127.0.0.1
            ports:
              http: {{reviewsPort}}
        """;

    private string Shop() => $$"""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: shop-gateway
        spec:
          servers:
          - port: {number: {{HttpsPort}}, name: https-shop, protocol: HTTPS}
            hosts: [shop.example.com]
            tls: {mode: SIMPLE, credentialName: shop}
          - port: {number: {{HttpsPort}}, name: https-api, protocol: HTTPS}
            hosts: [api.example.com]
            tls: {mode: SIMPLE, credentialName: api}
          - port: {number: {{ShopPort}}, name: http, protocol: HTTP}
            hosts: [shop.example.com]
          - port: {number: {{RedirectPort}}, name: http-redirect, protocol: HTTP}
            hosts: [shop.example.com]
            tls: {httpsRedirect: true}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: shop
        spec:
          hosts: [shop.example.com]
          gateways: [shop-gateway]
          http:
          - name: api
            match:
            - uri: {prefix: /api}
            route:
            - destination: {host: reviews}
            corsPolicy:
              allowOrigins:
              - exact: https://web.example.com
              allowMethods: [GET, POST]
              allowHeaders: [content-type]
              maxAge: 1h
          - name: storefront
            route:
            - destination: {host: productpage}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: api
        spec:
          hosts: [api.example.com]
          gateways: [shop-gateway]
          http:
          - route:
            - destination: {host: reviews}
        """;

    private string Mutual(IssuedCertificate server) => $$"""
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata:
          name: mtls-gateway
        spec:
          servers:
          - port: {number: {{MutualPort}}, name: https, protocol: HTTPS}
            hosts: ["*"]
            tls:
              mode: MUTUAL
              serverCertificate: {{server.CertificatePath}}
              privateKey: {{server.KeyPath}}
              caCertificates: {{Path.Combine(Path.GetDirectoryName(server.CertificatePath)!, "ca.crt")}}
              subjectAltNames: [client.example.com]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: mtls
        spec:
          hosts: ["*"]
          gateways: [mtls-gateway]
          http:
          - route:
            - destination: {host: productpage}
        """;
}
