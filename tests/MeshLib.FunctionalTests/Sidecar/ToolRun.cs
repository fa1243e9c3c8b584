using System.Diagnostics;

namespace MeshLib.FunctionalTests.Sidecar;

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

    public static Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        RunAsync(StartInfo(fileName, arguments), timeout);

    /// <summary>Runs a command prepared by <see cref="StartInfo"/> (and perhaps given more environment) to completion.</summary>
    public static async Task<ToolResult> RunAsync(ProcessStartInfo info, TimeSpan? timeout = null)
    {
        using var process = new Process { StartInfo = info };
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
            throw new TimeoutException($"{info.FileName} {string.Join(' ', info.ArgumentList)} did not finish in time");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}
