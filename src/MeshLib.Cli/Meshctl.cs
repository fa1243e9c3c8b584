namespace MeshLib.Cli;

/// <summary>The meshctl command line: <c>validate</c> and <c>explain</c>.</summary>
public static class Meshctl
{
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
        stderr.WriteLine("usage: meshctl validate PATH... | meshctl explain --config PATH... METHOD URL");
        return 2;
    }
}
