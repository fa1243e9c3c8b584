using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>
/// The sidecar as a real process (<c>dotnet MeshLib.Sidecar.dll --config ...</c>) on two free loopback ports, ready
/// once <c>/ready</c> answers 200. Disposing stops it with SIGTERM (then kills it if it does not exit in time).
/// </summary>
public sealed class SidecarProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(45);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _admin;

    private SidecarProcess(Process process, int outboundPort, int adminPort)
    {
        _process = process;
        OutboundPort = outboundPort;
        AdminPort = adminPort;
        _admin = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}"), Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    public int OutboundPort { get; }

    public int AdminPort { get; }

    public int ProcessId => _process.Id;

    /// <summary>Everything the sidecar printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The built sidecar, located by the test project's build.</summary>
    public static string DllPath { get; } = typeof(SidecarProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "MeshLib.Sidecar.Path").Value!;

    /// <summary>Starts the sidecar with <paramref name="arguments"/> plus free <c>--outbound-port</c> and <c>--admin-port</c>, and waits until ready.</summary>
    public static Task<SidecarProcess> StartAsync(params string[] arguments) =>
        StartAsync(new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="StartAsync(string[])"/>, with <paramref name="environment"/> added to the process environment.</summary>
    public static async Task<SidecarProcess> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var outboundPort = FreePort();
        var adminPort = FreePort();
        while (adminPort == outboundPort)
        {
            adminPort = FreePort();
        }

        var info = Command([.. arguments, "--outbound-port", outboundPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--admin-port", adminPort.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var sidecar = new SidecarProcess(process, outboundPort, adminPort);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await sidecar.WaitUntilReadyAsync();
        return sidecar;
    }

    /// <summary>Runs the sidecar to completion (for command lines and configurations that must fail the start).</summary>
    public static Task<ToolResult> RunToExitAsync(params string[] arguments) =>
        RunToExitAsync(new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="RunToExitAsync(string[])"/>, with <paramref name="environment"/> added to the process environment.</summary>
    public static Task<ToolResult> RunToExitAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var command = Command(arguments);
        foreach (var (name, value) in environment)
        {
            command.Environment[name] = value;
        }

        return ToolRun.RunAsync(command, TimeSpan.FromSeconds(90));
    }

    /// <summary>The runtime's switch for socket completions on the I/O threads, which the sidecar turns on unless set.</summary>
    public const string SocketInlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static ProcessStartInfo Command(IEnumerable<string> arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = ToolRun.StartInfo(dotnet, [DllPath, .. arguments]);

        // A test says which OpenTelemetry settings its sidecar gets (OTLP export is on when an endpoint variable is set),
        // and whether its socket I/O runs inline (the sidecar's default) or on the thread pool.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal) || k == SocketInlineCompletionsVariable).ToList())
        {
            info.Environment.Remove(name);
        }

        return info;
    }

    private const int FirstPort = 20000;
    private const int EphemeralStart = 32768;
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A port free on 127.0.0.1 for a sidecar to bind later. Taken below Linux's ephemeral range (32768 and up), so
    /// that no client connection of a parallel test can take it in between, and never handed out twice in this run.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            var port = Random.Shared.Next(FirstPort, EphemeralStart);
            lock (HandedOut)
            {
                if (!HandedOut.Add(port))
                {
                    continue;
                }
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use by something else on this machine: try another.
            }
        }
    }

    public async Task<HttpResponseMessage> AdminGetAsync(string path) => await _admin.GetAsync(path);

    public async Task<JsonDocument> AdminJsonAsync(string path)
    {
        using var response = await _admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Polls <paramref name="path"/> until <paramref name="condition"/> holds, at most <paramref name="timeout"/>.</summary>
    public async Task<JsonDocument> WaitForAdminJsonAsync(string path, Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var document = await AdminJsonAsync(path);
            if (condition(document.RootElement))
            {
                return document;
            }

            document.Dispose();
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{path} did not reach the expected state in {timeout}; sidecar output:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Applies <paramref name="change"/> (a config file edit) and waits, at most 30 s, until the sidecar serves a newer version.</summary>
    public async Task ReloadAsync(Action change)
    {
        var timeout = TimeSpan.FromSeconds(30);
        using var before = await AdminJsonAsync("/config_dump");
        var version = before.RootElement.GetProperty("version").GetInt64();
        change();
        using var _ = await WaitForAdminJsonAsync("/config_dump", dump => dump.GetProperty("version").GetInt64() > version, timeout);
    }

    /// <summary>Whether something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Sends SIGTERM, as Kubernetes and systemd stop a process.</summary>
    public async Task TerminateAsync()
    {
        var kill = await ToolRun.RunAsync("kill", ["-TERM", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var deadline = new CancellationTokenSource(ExitTimeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        if (!_process.HasExited)
        {
            try
            {
                await TerminateAsync();
                await WaitForExitAsync();
            }
            catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException or Xunit.Sdk.XunitException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the sidecar exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await _admin.GetAsync("/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        _process.Kill(entireProcessTree: true);
        throw new TimeoutException($"the sidecar was not ready in {ReadyTimeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
