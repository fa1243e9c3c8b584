namespace MeshLib.Sidecar;

/// <summary>
/// Where the sidecar's socket continuations run. By default a proxied request hops from the socket engine's thread to
/// the thread pool at every read and write, on the caller's side and on the upstream's; inline, the I/O thread runs
/// the whole request itself, as an event-loop proxy (Envoy, nginx) does. Every step of the forward path is
/// asynchronous, so nothing blocks an I/O thread; measured on one core, inline completions take about 40% less CPU per
/// proxied request and all but remove thread switches (docs/benchmarks.md §8). Setting
/// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c> to anything but <c>1</c> keeps the thread pool.
/// </summary>
internal static class SidecarSockets
{
    /// <summary>The runtime's switch: <c>1</c> runs socket completions on the socket engine's threads.</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Whether socket continuations run inline on the I/O threads (the runtime reads the same variable).</summary>
    public static bool InlineCompletions => Environment.GetEnvironmentVariable(InlineCompletionsVariable) == "1";

    /// <summary>How the ready log line names the mode.</summary>
    public static string Description => InlineCompletions ? "inline on the I/O threads" : "on the thread pool";

    /// <summary>
    /// Turns inline completions on unless the environment already decides. Call first thing in the process: the
    /// runtime reads the variable once, when the first socket is used.
    /// </summary>
    public static void PreferInlineCompletions()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }
    }
}
