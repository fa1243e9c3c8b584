namespace MeshLib.Cli;

/// <summary>The meshctl command line: <c>validate</c> and <c>explain</c>.</summary>
public static class Meshctl
{
    /// <summary>Exit code: the command ran and found no error.</summary>
    public const int Success = 0;

    /// <summary>Exit code: the configuration has errors (or the request cannot be explained).</summary>
    public const int ConfigurationErrors = 1;

    /// <summary>Exit code: the command line was wrong.</summary>
    public const int UsageError = 2;

    private const string Usage = """
        usage:
          meshctl validate PATH...
              Check Istio configuration files or directories (*.yaml, *.yml, *.json) and print every problem.
          meshctl explain --config PATH... [-H 'name: value']... [--namespace NS]
                          [--outbound-traffic-policy ALLOW_ANY|REGISTRY_ONLY] METHOD URL [--json]
              Show which VirtualService route a request takes, its destinations, cluster and policies
              (meshctl explain --help for details and the JSON properties).
        """;

    /// <summary>Runs meshctl with <paramref name="args"/>.</summary>
    /// <param name="args">The command line arguments.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where usage errors go.</param>
    /// <returns>0 on success, 1 when the configuration has errors, 2 on usage errors.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
            return args.Length == 0 ? UsageError : Success;
        }

        var rest = args[1..];
        switch (args[0])
        {
            case "validate":
                return ValidateCommand.Run(rest, stdout, stderr);
            case "explain":
                return ExplainCommand.Run(rest, stdout, stderr);
            default:
                stderr.WriteLine($"meshctl: unknown command \"{args[0]}\"");
                stderr.WriteLine(Usage);
                return UsageError;
        }
    }
}
