using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Tls;

/// <summary>
/// Two HTTPS backends with certificates for <c>secure.example.com</c> from one test authority: <c>simple</c>, and
/// <c>mutual</c>, which requires a client certificate from that authority. A second, unrelated authority is there to
/// be trusted by mistake.
/// </summary>
public sealed class TlsBackends : IAsyncLifetime, IDisposable
{
    /// <summary>The name the server certificates carry.</summary>
    public const string Host = "secure.example.com";

    private readonly TempDirectory _directory = new();
    private TestCertificates? _authority;
    private TestCertificates? _otherAuthority;

    public HttpsBackend Simple { get; private set; } = null!;

    public HttpsBackend Mutual { get; private set; } = null!;

    /// <summary>The authority's certificate (PEM file).</summary>
    public string CaPath => _authority!.AuthorityPath;

    /// <summary>An authority that issued none of the backends' certificates (PEM file).</summary>
    public string OtherCaPath => _otherAuthority!.AuthorityPath;

    public IssuedCertificate Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _authority = TestCertificates.Create(_directory.Path);
        Directory.CreateDirectory(_directory.File("other"));
        _otherAuthority = TestCertificates.Create(_directory.File("other"));
        var server = _authority.Issue("server", [Host]);
        Client = _authority.Issue("client", ["client.example.com"], clientAuthentication: true);
        Simple = await HttpsBackend.StartAsync("simple", server.Certificate);
        Mutual = await HttpsBackend.StartAsync("mutual", server.Certificate, clientAuthority: _authority.Authority);
    }

    public async Task DisposeAsync()
    {
        await Simple.DisposeAsync();
        await Mutual.DisposeAsync();
        _authority?.Dispose();
        _otherAuthority?.Dispose();
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>A ServiceEntry for <paramref name="host"/> on port 80 (HTTP, as callers speak it) whose endpoint is <paramref name="backend"/>.</summary>
    public static string ServiceEntry(HttpsBackend backend, string host = Host) => MeshYaml.ServiceEntry(host, 80, (backend.Port, "app: secure"));

    /// <summary>A DestinationRule for <paramref name="host"/> whose <c>tls</c> block is <paramref name="tls"/> (YAML lines, unindented).</summary>
    public static string DestinationRule(string tls, string host = Host) =>
        MeshYaml.DestinationRule(host, [], "tls:\n" + string.Join('\n', tls.Split('\n').Select(line => "  " + line.TrimEnd('\r'))));
}
