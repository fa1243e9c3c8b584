using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshLib.Configuration;
using MeshLib.Configuration.Resources;

namespace Bookinfo.Mesh;

/// <summary>
/// A MeshLib sidecar process (<c>src/MeshLib.Sidecar</c>) for one workload, as an istio-proxy container next to a
/// pod: <c>dotnet MeshLib.Sidecar.dll --config MESHDIR --outbound-port P --admin-port Q</c> on two free loopback
/// ports. The workload sends its outbound requests to the outbound listener as its HTTP proxy; the admin listener's
/// <c>/config_dump</c> tells which configuration is in force.
/// </summary>
public sealed class MeshSidecarProcess : ISidecar, IAsyncDisposable
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(90);

    // Proxy variables the sidecar must not inherit: its passthrough goes straight to the destination.
    private static readonly string[] ProxyVariables = ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _admin;
    private readonly IReadOnlyList<string> _arguments;
    private (long Version, IReadOnlyList<MeshResource> Resources)? _parsed;

    private MeshSidecarProcess(string name, Process process, IReadOnlyList<string> arguments, int outboundPort, int adminPort)
    {
        Name = name;
        _arguments = arguments;
        _process = process;
        OutboundPort = outboundPort;
        AdminPort = adminPort;
        _admin = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{adminPort}"),
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    /// <summary>
    /// The built sidecar (<c>MeshLib.Sidecar.dll</c>), built with this sample (a project reference that only orders the
    /// build); null when it is not there.
    /// </summary>
    public static string? DllPath { get; } = typeof(MeshSidecarProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "MeshLib.Sidecar.Path")?.Value is { } path && File.Exists(path) ? path : null;

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The outbound listener's port (the workload's HTTP proxy).</summary>
    public int OutboundPort { get; }

    /// <summary>The admin listener's port.</summary>
    public int AdminPort { get; }

    /// <summary>The outbound listener as a proxy address.</summary>
    public Uri ProxyAddress => new($"http://127.0.0.1:{OutboundPort}");

    /// <summary>The command line it runs with, as a user would type it.</summary>
    public string CommandLine => $"dotnet MeshLib.Sidecar.dll {string.Join(' ', _arguments)}";

    /// <summary>What the sidecar printed (its log).</summary>
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

    /// <summary>Starts a sidecar watching <paramref name="meshDirectory"/> and waits until its configuration is loaded.</summary>
    /// <param name="name">The workload it serves (<c>--workload</c>).</param>
    /// <param name="meshDirectory">The configuration directory.</param>
    /// <param name="labels">The workload's labels (<c>--label app=reviews</c>), which <c>sourceLabels</c> matches see.</param>
    /// <returns>The ready sidecar.</returns>
    /// <exception cref="InvalidOperationException">The sidecar is not built, or it did not start.</exception>
    public static async Task<MeshSidecarProcess> StartAsync(string name, string meshDirectory, IReadOnlyDictionary<string, string>? labels = null)
    {
        var dll = DllPath ?? throw new InvalidOperationException(
            "the MeshLib sidecar is not built next to this sample (build samples/Bookinfo, which builds src/MeshLib.Sidecar)");

        // A free port is only free until someone takes it: a sidecar that lost the race exits 1 and gets new ports.
        for (var attempt = 1; ; attempt++)
        {
            var outboundPort = FreePort();
            var adminPort = FreePort();
            while (adminPort == outboundPort)
            {
                adminPort = FreePort();
            }

            var sidecar = Start(name, meshDirectory, labels ?? new Dictionary<string, string>(), dll, outboundPort, adminPort);
            if (await sidecar.WaitReadyAsync())
            {
                return sidecar;
            }

            var output = sidecar.Output;
            await sidecar.DisposeAsync();
            if (attempt == 3 || !output.Contains("cannot open a listener", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the sidecar of {name} did not start:\n{output}");
            }
        }
    }

    /// <summary>A handler that sends every request through this sidecar, as <c>HTTP_PROXY</c> does.</summary>
    public HttpMessageHandler CreateProxyHandler() => new SocketsHttpHandler
    {
        Proxy = new WebProxy(ProxyAddress),
        UseProxy = true,
    };

    /// <inheritdoc/>
    public async Task<SidecarConfig> ReadConfigAsync(CancellationToken cancellationToken)
    {
        using var dump = JsonDocument.Parse(await _admin.GetStringAsync(new Uri("/config_dump", UriKind.Relative), cancellationToken));
        var root = dump.RootElement;
        var version = root.GetProperty("version").GetInt64();
        var lastReload = root.GetProperty("lastReload");
        IReadOnlyList<string> errors = lastReload.GetProperty("status").GetString() == "failed"
            ? [.. lastReload.GetProperty("diagnostics").EnumerateArray()
                .Where(d => d.GetProperty("severity").GetString() == "error")
                .Select(d => d.GetProperty("text").GetString() ?? string.Empty)]
            : [];
        if (_parsed?.Version != version)
        {
            _parsed = (version, ParseResources(root.GetProperty("resources")));
        }

        return new SidecarConfig(version, root.GetProperty("namespace").GetString() ?? "default", _parsed.Value.Resources, errors);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed; the operating system reaps it.
            }
        }

        _process.Dispose();
    }

    // The dump writes each resource as it is read (apiVersion, kind, metadata, spec) plus where it came from:
    // read them back as one `kind: List`, without the `source` field the schema does not have.
    private IReadOnlyList<MeshResource> ParseResources(JsonElement resources)
    {
        var items = new JsonArray();
        foreach (var resource in resources.EnumerateArray())
        {
            var item = JsonNode.Parse(resource.GetRawText())!.AsObject();
            item.Remove("source");
            items.Add(item);
        }

        var list = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = items };
        var loaded = MeshConfigLoader.LoadYaml(list.ToJsonString(), $"{Name}/config_dump");
        return loaded.HasErrors
            ? throw new InvalidOperationException($"the config_dump of {Name} does not read back:\n{string.Join('\n', loaded.Diagnostics)}")
            : loaded.Resources;
    }

    private static MeshSidecarProcess Start(
        string name, string meshDirectory, IReadOnlyDictionary<string, string> labels, string dll, int outboundPort, int adminPort)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--config", meshDirectory,
            "--outbound-port", outboundPort.ToString(CultureInfo.InvariantCulture),
            "--admin-port", adminPort.ToString(CultureInfo.InvariantCulture),
            "--workload", name,
            .. labels.SelectMany(l => new[] { "--label", $"{l.Key}={l.Value}" }),
        ];
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var variable in ProxyVariables)
        {
            info.Environment.Remove(variable);
        }

        var process = new Process { StartInfo = info };
        var sidecar = new MeshSidecarProcess(name, process, arguments, outboundPort, adminPort);
        process.OutputDataReceived += (_, e) => sidecar.Append(e.Data);
        process.ErrorDataReceived += (_, e) => sidecar.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sidecar;
    }

    private async Task<bool> WaitReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyLimit && !_process.HasExited)
        {
            try
            {
                using var response = await _admin.GetAsync(new Uri("/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        return false;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
