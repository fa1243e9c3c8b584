using System.Diagnostics;
using System.Text;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>What a finished command printed and returned.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs a command line tool (curl, python3, kill) to completion, bounded by a timeout.</summary>
public static class ToolRun
{
    /// <summary>Proxy variables a test must not inherit: the tools are told explicitly where the sidecar is.</summary>
    private static readonly string[] ProxyVariables =
        ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"];

    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var variable in ProxyVariables)
        {
            info.Environment.Remove(variable);
        }

        return info;
    }

    public static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        using var process = new Process { StartInfo = StartInfo(fileName, arguments) };
        process.Start();
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in time");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>An HTTP answer as curl or python3 printed it: the status on the last line, the body before it.</summary>
public sealed record ToolHttpResponse(int Status, string Body)
{
    public static ToolHttpResponse Parse(ToolResult result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        var text = result.StandardOutput.TrimEnd('\n');
        var split = text.LastIndexOf('\n');
        var status = int.Parse(split < 0 ? text : text[(split + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return new ToolHttpResponse(status, split < 0 ? string.Empty : text[..split]);
    }
}

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
