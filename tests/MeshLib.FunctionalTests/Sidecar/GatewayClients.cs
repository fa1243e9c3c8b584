namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>Clients of gateway listeners: python3's urllib as a browser-like caller, with curl's <c>--resolve</c> and <c>--cacert</c>.</summary>
public static class GatewayClients
{
    // urllib without a proxy; the URL's host resolves to 127.0.0.1 (as curl --resolve), so SNI and Host carry the name.
    // Arguments: URL, CA file or "-", then "Name: value" headers. Prints the body, then the status.
    private const string PythonClient = """
        import socket, ssl, sys, urllib.parse, urllib.request, urllib.error
        url, cafile = sys.argv[1], sys.argv[2]
        headers = dict(h.split(': ', 1) for h in sys.argv[3:])
        name = urllib.parse.urlsplit(url).hostname
        resolve = socket.getaddrinfo
        socket.getaddrinfo = lambda host, *rest, **kw: resolve('127.0.0.1' if host == name else host, *rest, **kw)
        context = ssl.create_default_context(cafile=cafile) if cafile != '-' else None
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context))
        try:
            with opener.open(urllib.request.Request(url, headers=headers), timeout=30) as r:
                status, body = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, body = e.code, e.read()
        sys.stdout.write(body.decode() + '\n' + str(status) + '\n')
        """;

    /// <summary>GET <paramref name="url"/> with python3's urllib; <paramref name="authorityPath"/> is the CA to trust for https.</summary>
    public static async Task<ToolHttpResponse> PythonAsync(string url, string? authorityPath, params string[] headers)
    {
        List<string> arguments = ["-c", PythonClient, url, authorityPath ?? "-", .. headers];
        return ToolHttpResponse.Parse(await ToolRun.RunAsync("python3", arguments));
    }

    /// <summary>curl over TLS: <paramref name="host"/> resolves to 127.0.0.1 and the CA is trusted; <paramref name="extra"/> adds options.</summary>
    public static Task<ToolResult> CurlTlsAsync(string authorityPath, string host, int port, string pathAndQuery, params string[] extra) =>
        ToolRun.RunAsync("curl", ["-s", "-S", "--max-time", "30", "--noproxy", "*", "-w", "\n%{http_code}", "--cacert", authorityPath,
            "--resolve", GatewayMesh.Resolve(host, port), .. extra, $"https://{host}:{GatewayMesh.Text(port)}{pathAndQuery}"]);
}
