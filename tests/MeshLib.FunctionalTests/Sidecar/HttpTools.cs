namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>curl and python3 (urllib with a ProxyHandler) as HTTP clients of the sidecar.</summary>
public static class HttpTools
{
    // urllib through an explicit proxy; prints the status, then the body (an HTTP error status is still an answer).
    private const string PythonClient = """
        import sys, urllib.request, urllib.error
        proxy, url = sys.argv[1], sys.argv[2]
        headers = dict(h.split(': ', 1) for h in sys.argv[3:])
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({'http': proxy}))
        try:
            with opener.open(urllib.request.Request(url, headers=headers), timeout=30) as r:
                status, body = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, body = e.code, e.read()
        sys.stdout.write(body.decode() + '\n' + str(status) + '\n')
        """;

    /// <summary><c>curl -x proxy url</c>: a proxy-form request, as <c>HTTP_PROXY</c> makes them.</summary>
    public static async Task<ToolHttpResponse> CurlViaProxyAsync(int proxyPort, string url, params string[] headers)
    {
        List<string> arguments = ["-s", "-S", "--max-time", "30", "-x", $"http://127.0.0.1:{proxyPort}", "-w", "\n%{http_code}"];
        foreach (var header in headers)
        {
            arguments.Add("-H");
            arguments.Add(header);
        }

        arguments.Add(url);
        return ToolHttpResponse.Parse(await ToolRun.RunAsync("curl", arguments));
    }

    /// <summary><c>curl [options] url</c> without a proxy (origin-form, or other curl flags).</summary>
    public static async Task<ToolHttpResponse> CurlAsync(params string[] arguments)
    {
        List<string> all = ["-s", "-S", "--max-time", "30", "--noproxy", "*", "-w", "\n%{http_code}", .. arguments];
        return ToolHttpResponse.Parse(await ToolRun.RunAsync("curl", all));
    }

    /// <summary>python3's urllib with a ProxyHandler pointing at the sidecar.</summary>
    public static async Task<ToolHttpResponse> PythonViaProxyAsync(int proxyPort, string url, params string[] headers)
    {
        List<string> arguments = ["-c", PythonClient, $"http://127.0.0.1:{proxyPort}", url, .. headers];
        return ToolHttpResponse.Parse(await ToolRun.RunAsync("python3", arguments));
    }
}
