namespace MeshLib.Cli;

/// <summary>The parsed command line of <c>meshctl explain</c>.</summary>
/// <param name="ConfigPaths">Configuration files and directories.</param>
/// <param name="Headers">Request headers, in order.</param>
/// <param name="Namespace">The workload's namespace.</param>
/// <param name="OutboundTrafficPolicy">What happens to an unknown host.</param>
/// <param name="Json">Whether to print JSON.</param>
/// <param name="Method">The request method.</param>
/// <param name="Url">The request URL.</param>
internal sealed record ExplainOptions(
    IReadOnlyList<string> ConfigPaths,
    IReadOnlyList<(string Name, string Value)> Headers,
    string Namespace,
    OutboundTrafficPolicy OutboundTrafficPolicy,
    bool Json,
    string Method,
    string Url);
