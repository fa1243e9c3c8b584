using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Bookinfo.Walkthrough;

/// <summary>
/// <c>--python</c>: the Python productpage (<c>python/productpage.py</c>, standard library only) calling details and
/// reviews through the MeshLib sidecar (<c>HTTP_PROXY</c> = its outbound listener), compared with the C# productpage.
/// Needs <c>src/MeshLib.Sidecar</c> and <c>python3</c>; without them it says so and exits with 2.
/// </summary>
public static class PythonProductPage
{
    /// <summary>Runs the comparison.</summary>
    /// <returns>0 when the Python productpage saw what the C# one saw, 1 when not, 2 when it cannot run here.</returns>
    public static async Task<int> RunAsync(BookinfoEnvironment environment, WalkthroughOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var root = FindRepositoryRoot();
        var sidecarProject = root is null ? null : Path.Combine(root, "src", "MeshLib.Sidecar", "MeshLib.Sidecar.csproj");
        if (sidecarProject is null || !File.Exists(sidecarProject))
        {
            output.WriteLine("--python needs the MeshLib sidecar (src/MeshLib.Sidecar/MeshLib.Sidecar.csproj), which this checkout does not have.");
            output.WriteLine("The script is samples/Bookinfo/python/productpage.py; with the sidecar it runs as:");
            output.WriteLine("  dotnet run --project src/MeshLib.Sidecar -- --config MESHDIR --outbound-port 15001 --admin-port 15000");
            output.WriteLine("  HTTP_PROXY=http://127.0.0.1:15001 python3 samples/Bookinfo/python/productpage.py");
            return 2;
        }

        var script = Path.Combine(AppContext.BaseDirectory, "python", "productpage.py");
        var walkthrough = new Walkthrough(environment, options, output);
        await walkthrough.PrepareJasonV2Async();

        var outboundPort = FreePort();
        var adminPort = FreePort();
        using var sidecar = Start("dotnet", root!, [
            "run", "--project", sidecarProject, "--", "--config", environment.Kubectl.Directory,
            "--outbound-port", outboundPort.ToString(CultureInfo.InvariantCulture), "--admin-port", adminPort.ToString(CultureInfo.InvariantCulture),
        ], null);
        Process? python = null;
        try
        {
            output.WriteLine($"$ dotnet run --project src/MeshLib.Sidecar -- --config {environment.Kubectl.Directory} --outbound-port {outboundPort} --admin-port {adminPort}");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            if (!await WaitReadyAsync(http, new Uri($"http://127.0.0.1:{adminPort}/ready"), sidecar, TimeSpan.FromMinutes(3)))
            {
                output.WriteLine("the sidecar did not become ready");
                return 1;
            }

            var timeout = environment.Timings.ProductPageTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            output.WriteLine($"$ HTTP_PROXY=http://127.0.0.1:{outboundPort} BOOKINFO_TIMEOUT={timeout} python3 {script}");
            python = Start("python3", AppContext.BaseDirectory, [script, "0"], new Dictionary<string, string>
            {
                ["HTTP_PROXY"] = $"http://127.0.0.1:{outboundPort}",
                ["http_proxy"] = $"http://127.0.0.1:{outboundPort}",
                ["NO_PROXY"] = string.Empty,
                ["no_proxy"] = string.Empty,
                ["BOOKINFO_TIMEOUT"] = timeout,
            });
            var first = await python.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (first is null || !first.StartsWith("listening on ", StringComparison.Ordinal))
            {
                output.WriteLine($"python productpage did not start: {first}");
                return 1;
            }

            var pythonUrl = $"http://127.0.0.1:{first["listening on ".Length..]}/api/v1/productpage";
            var csharpUrl = new Uri(environment.ProductPage.Url, "api/v1/productpage");
            var passed = true;
            foreach (var user in new string?[] { null, "jason" })
            {
                var expected = Describe(await GetAsync(http, csharpUrl, user));
                var observed = Describe(await GetAsync(http, new Uri(pythonUrl), user));
                var ok = expected == observed;
                passed &= ok;
                output.WriteLine($"  [{(ok ? "PASS" : "FAIL")}] {user ?? "anonymous"}");
                output.WriteLine($"         expected (C# productpage): {expected}");
                output.WriteLine($"         observed (productpage.py through the sidecar): {observed}");
            }

            output.WriteLine($"Open http://127.0.0.1:{first["listening on ".Length..]}/productpage for the Python page.");
            return passed ? 0 : 1;
        }
        finally
        {
            Stop(python);
            Stop(sidecar);
            python?.Dispose();
        }
    }

    private static async Task<JsonObject?> GetAsync(HttpClient http, Uri url, string? user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (user is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", $"user={user}");
        }

        using var response = await http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject;
    }

    private static string Describe(JsonObject? page)
    {
        if (page is null)
        {
            return "no page";
        }

        if (page["reviewsStatus"]?.GetValue<int>() != 200)
        {
            return $"reviews unavailable: {page["reviews"]?["error"]}";
        }

        var ratings = (page["reviews"]?["reviews"] as JsonArray ?? []).Select(r => r?["rating"]?.ToJsonString() ?? "no rating");
        return $"{page["reviews"]?["podname"]}: {string.Join("; ", ratings)}";
    }

    private static async Task<bool> WaitReadyAsync(HttpClient http, Uri ready, Process sidecar, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit && !sidecar.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(ready);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        return false;
    }

    private static Process Start(string file, string directory, IEnumerable<string> arguments, IDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
    }

    private static void Stop(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MeshLib.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
