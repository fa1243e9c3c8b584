using System.Globalization;
using System.Text.Json;
using MeshLib.FunctionalTests.Sidecar;

namespace MeshLib.FunctionalTests.Scenarios;

/// <summary>
/// One sidecar process for the whole catalogue: every scenario's backends, and its YAML as one file of the watched
/// directory (the scenarios' hosts do not overlap), loaded at start.
/// </summary>
public sealed class SidecarScenarioFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("meshlib-scenarios-").FullName;
    private readonly Dictionary<string, ScenarioBackends> _backends = new(StringComparer.Ordinal);

    internal SidecarProcess Sidecar { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(ScenarioCatalogue.All.Where(s => s.RunsThroughSidecar).Select(async scenario =>
            (Scenario: scenario, Backends: await ScenarioBackends.StartAsync(scenario))));
        foreach (var (scenario, backends) in started)
        {
            _backends[scenario.Name] = backends;
            await File.WriteAllTextAsync(Path.Combine(_directory, $"{scenario.Name}.yaml"), string.Join("\n---\n", backends.Mesh(scenario)));
        }

        Sidecar = await SidecarProcess.StartAsync("--config", _directory);
    }

    internal Task RunAsync(Scenario scenario) =>
        ScenarioRunner.RunAsync(scenario, _backends[scenario.Name], new SidecarDriver(Sidecar.OutboundPort));

    public async Task DisposeAsync()
    {
        await Sidecar.DisposeAsync();
        foreach (var backends in _backends.Values)
        {
            await backends.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>
/// The sidecar driver: each probe is one run of curl (proxy-form with <c>-x</c>, or origin-form with a <c>Host</c>
/// header) or of python3's urllib with a ProxyHandler, sending all of the probe's requests.
/// </summary>
internal sealed class SidecarDriver(int outboundPort) : IScenarioDriver
{
    // After each transfer curl writes the status, its own timing and the response headers as JSON, then an end mark.
    private const string StatusMark = "\n@@meshlib-status ";
    private const string EndMark = "\n@@meshlib-end\n";

    // urllib without redirect handling (a redirect is an answer); one JSON line per answer.
    private const string PythonClient = """
        import json, sys, time, urllib.error, urllib.request
        class Answer(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args):
                return None
        proxy, url, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
        headers = dict(h.split(': ', 1) for h in sys.argv[4:])
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({'http': proxy}), Answer)
        for _ in range(count):
            started = time.monotonic()
            try:
                with opener.open(urllib.request.Request(url, headers=headers), timeout=30) as r:
                    status, got, body = r.status, r.headers, r.read()
            except urllib.error.HTTPError as e:
                status, got, body = e.code, e.headers, e.read()
            names = {}
            for name, value in got.items():
                names.setdefault(name.lower(), []).append(value)
            print(json.dumps({'status': status, 'body': body.decode(), 'elapsed': time.monotonic() - started,
                              'headers': {name: ', '.join(values) for name, values in names.items()}}), flush=True)
        """;

    public async Task<IReadOnlyList<ScenarioResponse>> SendAsync(Probe probe) => probe.Via switch
    {
        SidecarClient.PythonProxy => await PythonAsync(probe),
        _ => await CurlAsync(probe),
    };

    private async Task<IReadOnlyList<ScenarioResponse>> CurlAsync(Probe probe)
    {
        List<string> arguments = ["-s", "-S", "--max-time", "30", "-w", $"{StatusMark}%{{http_code}} %{{time_total}}\n%{{header_json}}{EndMark}"];
        foreach (var (name, value) in probe.Headers)
        {
            arguments.AddRange(["-H", $"{name}: {value}"]);
        }

        var url = new Uri(probe.Url);
        if (probe.Via == SidecarClient.CurlOriginForm)
        {
            arguments.AddRange(["--noproxy", "*", "-H", $"Host: {url.Authority}"]);
            url = new Uri($"http://127.0.0.1:{outboundPort}{url.PathAndQuery}");
        }
        else
        {
            arguments.AddRange(["-x", $"http://127.0.0.1:{outboundPort}"]);
        }

        // One curl for all the requests of the probe: one process, one connection to the sidecar.
        arguments.AddRange(Enumerable.Repeat(url.ToString(), probe.Count));
        var run = await ToolRun.RunAsync("curl", arguments);
        Assert.True(run.ExitCode == 0, $"curl exited with {run.ExitCode}: {run.StandardError}");
        return [.. run.StandardOutput.Split(EndMark, StringSplitOptions.RemoveEmptyEntries).Select(ParseCurl)];
    }

    private static ScenarioResponse ParseCurl(string transfer)
    {
        var mark = transfer.LastIndexOf(StatusMark, StringComparison.Ordinal);
        var tail = transfer[(mark + StatusMark.Length)..];
        var newline = tail.IndexOf('\n', StringComparison.Ordinal);
        var fields = tail[..newline].Split(' ');
        using var json = JsonDocument.Parse(tail[(newline + 1)..]);
        var headers = json.RootElement.EnumerateObject()
            .ToDictionary(h => h.Name.ToLowerInvariant(), h => string.Join(", ", h.Value.EnumerateArray().Select(v => v.GetString())));
        return new ScenarioResponse(
            int.Parse(fields[0], CultureInfo.InvariantCulture),
            transfer[..mark],
            headers,
            TimeSpan.FromSeconds(double.Parse(fields[1], CultureInfo.InvariantCulture)));
    }

    private async Task<IReadOnlyList<ScenarioResponse>> PythonAsync(Probe probe)
    {
        List<string> arguments =
        [
            "-c", PythonClient, $"http://127.0.0.1:{outboundPort}", probe.Url, probe.Count.ToString(CultureInfo.InvariantCulture),
            .. probe.Headers.Select(h => $"{h.Name}: {h.Value}"),
        ];
        var run = await ToolRun.RunAsync("python3", arguments);
        Assert.True(run.ExitCode == 0, $"python3 exited with {run.ExitCode}: {run.StandardError}");
        return [.. run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var answer = json.RootElement;
            return new ScenarioResponse(
                answer.GetProperty("status").GetInt32(),
                answer.GetProperty("body").GetString() ?? string.Empty,
                answer.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString() ?? string.Empty),
                TimeSpan.FromSeconds(answer.GetProperty("elapsed").GetDouble()));
        })];
    }
}
