using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Bookinfo.Mesh;
using Bookinfo.Walkthrough;

// The Bookinfo walkthrough: `dotnet run --project samples/Bookinfo [-- --fast] [--sidecar] [--step NAME] [--serve] [--python]`.
Console.OutputEncoding = Encoding.UTF8;
var steps = new List<string>();
var fast = false;
var serve = false;
var python = false;
var sidecar = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--fast":
            fast = true;
            break;
        case "--serve":
            serve = true;
            break;
        case "--python":
            python = true;
            break;
        case "--sidecar":
            sidecar = true;
            break;
        case "--step" when i + 1 < args.Length:
            steps.Add(args[++i]);
            break;
        case "--list":
            foreach (var (name, title) in Walkthrough.Steps)
            {
                Console.WriteLine($"{name,-20} {title}");
            }

            return 0;
        case "-h" or "--help":
            Console.WriteLine(Usage());
            return 0;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'\n{Usage()}");
            return 2;
    }
}

if (steps.FirstOrDefault(s => Walkthrough.Steps.All(k => k.Name != s)) is { } unknown)
{
    Console.Error.WriteLine($"unknown step '{unknown}'; steps: {string.Join(", ", Walkthrough.Steps.Select(s => s.Name))}");
    return 2;
}

var options = new WalkthroughOptions { Fast = fast, Sidecar = sidecar };
var clock = Stopwatch.StartNew();
await using var environment = await BookinfoEnvironment.StartAsync(options, Console.Out);
Console.WriteLine("Bookinfo is running in this process (each workload its own ASP.NET Core app on 127.0.0.1):");
foreach (var app in environment.Apps)
{
    Console.WriteLine($"  {app.PodName,-16} {app.Url}{app.Sidecar switch
    {
        null => string.Empty,
        MeshSidecarProcess process => $"   (HttpClient proxy: its MeshLib sidecar process on {process.ProxyAddress})",
        _ => "   (with a MeshLib sidecar: AddHttpClient(...).AddMesh())",
    }}");
}

foreach (var process in environment.SidecarProcesses)
{
    Console.WriteLine($"  sidecar of {process.Name + ":",-15} {process.CommandLine}");
}

Console.WriteLine($"Mesh configuration directory (watched by every sidecar): {environment.Kubectl.Directory}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Started and warmed up in {clock.Elapsed.TotalSeconds:0.0} s (warm-up {environment.WarmUpTime.TotalSeconds:0.0} s: first requests through every app and every mesh code path, so that no timed observation pays for JIT)."));
if (fast)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"--fast: every duration × {options.TimeScale} (YAML fields in the applied copies, the apps' own timeouts, timeout headers); fewer requests."));
}

if (python)
{
    var compared = await PythonProductPage.RunAsync(environment, options, Console.Out);
    return compared is null ? 2 : compared.Passed ? 0 : 1;
}

var walkthrough = new Walkthrough(environment, options, Console.Out);
var results = new List<StepResult>();
var selected = steps.Count > 0 ? steps : serve ? [] : Walkthrough.Steps.Select(s => s.Name).ToList();
foreach (var step in selected)
{
    results.Add(await walkthrough.RunStepAsync(step));
}

if (results.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine("### Summary");
    foreach (var result in results)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {(result.Passed ? "PASS" : "FAIL")}  {result.Name,-20} {result.Checks.Count(c => c.Passed)}/{result.Checks.Count} checks  {result.Elapsed.TotalSeconds,6:0.0} s  {result.Title}"));
    }

    var failed = results.Where(r => !r.Passed).ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{results.Count - failed.Count}/{results.Count} steps matched the walkthrough in {clock.Elapsed.TotalSeconds:0.0} s{(fast ? " (--fast)" : string.Empty)}."));
    if (!serve)
    {
        return failed.Count == 0 ? 0 : 1;
    }
}

if (serve)
{
    if (results.Count == 0)
    {
        await walkthrough.PrepareServeAsync();
    }

    Console.WriteLine();
    Console.WriteLine($"Open {environment.ProductPageUrl} (sign in as jason to send end-user: jason).");
    Console.WriteLine($"Change the routing live: cp samples/Bookinfo/networking/virtual-service-reviews-v3.yaml {environment.Kubectl.Directory}/");
    Console.WriteLine("Press Ctrl+C to stop.");
    using var stop = new CancellationTokenSource();
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        stop.Cancel();
    }

    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
    }

    return results.TrueForAll(r => r.Passed) ? 0 : 1;
}

return 0;

static string Usage() => """
    Bookinfo walkthrough (Istio traffic management with MeshLib, in one process)
    usage: dotnet run --project samples/Bookinfo [-- [--fast] [--sidecar] [--step NAME]... [--serve] [--python] [--list]]
      --fast        scale every duration by 0.25 and send fewer requests (CI)
      --sidecar     no mesh in the apps: each caller sends through its own MeshLib sidecar process (HTTP proxy)
      --step NAME   run only this step (repeatable); --list shows the steps
      --serve       keep the apps running and print productpage's URL for a browser
      --python      run the Python productpage through the MeshLib sidecar (needs python3)
    exit code: 0 when every observation matched the walkthrough, 1 otherwise, 2 on usage errors (or --python cannot run)
    """;
