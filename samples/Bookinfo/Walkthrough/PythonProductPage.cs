using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Bookinfo.Mesh;

namespace Bookinfo.Walkthrough;

/// <summary>
/// <c>--python</c>: the Python productpage (<c>python/productpage.py</c>, standard library only) calling details and
/// reviews through a MeshLib sidecar process (<c>HTTP_PROXY</c> = its outbound listener) with the request-routing rules
/// in force: anonymous → reviews v1 (no ratings), jason → reviews v2 (black stars), as the C# productpage shows.
/// With <c>--sidecar</c> it uses productpage's own sidecar process (the same pod), otherwise it starts one.
/// </summary>
public static class PythonProductPage
{
    /// <summary>The step name in results.</summary>
    public const string StepName = "python";

    /// <summary>Runs the comparison.</summary>
    /// <returns>The checks; null when it cannot run here (no built sidecar, or no python3), which it explains.</returns>
    public static async Task<StepResult?> RunAsync(BookinfoEnvironment environment, WalkthroughOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        if (MeshSidecarProcess.DllPath is null)
        {
            output.WriteLine("--python needs the MeshLib sidecar (src/MeshLib.Sidecar), which was not built with this sample.");
            return null;
        }

        var step = new StepResult(StepName, "The Python productpage through the MeshLib sidecar");
        output.WriteLine();
        output.WriteLine($"### {step.Title}   [--python]");
        var clock = Stopwatch.StartNew();
        await new Walkthrough(environment, options, output).PrepareJasonV2Async();

        var shared = environment.ProductPage.Sidecar as MeshSidecarProcess;
        var labels = new Dictionary<string, string> { ["app"] = "productpage", ["version"] = "v1" };
        await using var owned = shared is null ? await MeshSidecarProcess.StartAsync("productpage.py", environment.Kubectl.Directory, labels) : null;
        var sidecar = shared ?? owned!;
        Process? python = null;
        try
        {
            output.WriteLine(owned is null ? $"productpage's sidecar process: {sidecar.CommandLine}" : $"$ {sidecar.CommandLine}");
            var timeout = environment.Timings.ProductPageTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            output.WriteLine($"$ HTTP_PROXY={sidecar.ProxyAddress} BOOKINFO_TIMEOUT={timeout} python3 python/productpage.py 0");
            try
            {
                python = StartPython(options.PythonProductPage, sidecar.ProxyAddress, timeout);
            }
            catch (Win32Exception e)
            {
                output.WriteLine($"--python needs python3: {e.Message}");
                return null;
            }

            var first = await python.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (first is null || !first.StartsWith("listening on ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"python productpage did not start: {first}");
            }

            var pythonPage = new Uri($"http://127.0.0.1:{first["listening on ".Length..]}/api/v1/productpage");
            var csharpPage = new Uri(environment.ProductPage.Url, "api/v1/productpage");
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
            foreach (var (user, expected) in new[] { ((string?)null, "no ratings (reviews-v1)"), ("jason", "black stars (reviews-v2)") })
            {
                var observed = Describe(await GetAsync(http, pythonPage, user));
                var csharp = Describe(await GetAsync(http, csharpPage, user));
                step.Record(
                    new Check(
                        $"{user ?? "anonymous"}: productpage.py through the sidecar",
                        $"{expected}, as the C# productpage",
                        $"productpage.py: {observed}; C# productpage: {csharp}",
                        observed == expected && csharp == expected),
                    output);
            }

            output.WriteLine($"Open {new Uri(pythonPage, "/productpage")} for the Python page.");
        }
        finally
        {
            if (python is { HasExited: false })
            {
                python.Kill(entireProcessTree: true);
                await python.WaitForExitAsync();
            }

            python?.Dispose();
        }

        step.Elapsed = clock.Elapsed;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  => {(step.Passed ? "PASS" : "FAIL")} ({step.Checks.Count(c => c.Passed)}/{step.Checks.Count} checks, {step.Elapsed.TotalSeconds:0.0} s)"));
        return step;
    }

    private static Process StartPython(string script, Uri proxy, string timeout)
    {
        var info = new ProcessStartInfo("python3")
        {
            WorkingDirectory = Path.GetDirectoryName(script)!,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("0");
        info.Environment["HTTP_PROXY"] = proxy.ToString();
        info.Environment["http_proxy"] = proxy.ToString();
        info.Environment["NO_PROXY"] = string.Empty;
        info.Environment["no_proxy"] = string.Empty;
        info.Environment["BOOKINFO_TIMEOUT"] = timeout;
        return Process.Start(info) ?? throw new InvalidOperationException("could not start python3");
    }

    private static async Task<JsonObject?> GetAsync(HttpClient http, Uri url, string? user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (user is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", $"{Apps.ProductPage.UserCookie}={user}");
        }

        using var response = await http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject;
    }

    /// <summary>The page as the walkthrough describes it: <c>black stars (reviews-v2)</c>, or <c>reviews unavailable</c>.</summary>
    private static string Describe(JsonObject? page) =>
        page?["reviewsStatus"]?.GetValue<int>() == 200 && page["reviews"] is JsonObject reviews
            ? $"{Walkthrough.Seen(reviews)} ({reviews["podname"]})"
            : "reviews unavailable";
}
