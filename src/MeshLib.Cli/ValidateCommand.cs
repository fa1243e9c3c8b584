using MeshLib.Configuration;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Validation;

namespace MeshLib.Cli;

/// <summary><c>meshctl validate PATH...</c>: load, validate and print every problem, as <c>istioctl analyze</c> does.</summary>
internal static class ValidateCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var paths = new List<string>();
        var defaultNamespace = "default";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--namespace" or "-n" when i + 1 < args.Length:
                    defaultNamespace = args[++i];
                    break;
                case "-h" or "--help":
                    stdout.WriteLine("usage: meshctl validate [--namespace NS] PATH...");
                    return Meshctl.Success;
                case var option when option.StartsWith('-'):
                    stderr.WriteLine($"meshctl validate: unknown option \"{option}\"");
                    stderr.WriteLine("usage: meshctl validate [--namespace NS] PATH...");
                    return Meshctl.UsageError;
                default:
                    paths.Add(args[i]);
                    break;
            }
        }

        if (paths.Count == 0)
        {
            stderr.WriteLine("meshctl validate: at least one PATH is required");
            stderr.WriteLine("usage: meshctl validate [--namespace NS] PATH...");
            return Meshctl.UsageError;
        }

        var loaded = MeshConfigLoader.LoadPaths(paths, defaultNamespace);
        var diagnostics = new List<ConfigDiagnostic>(loaded.Diagnostics);
        diagnostics.AddRange(MeshConfigValidator.Validate(loaded.Resources, loaded.Namespace ?? defaultNamespace));

        var errors = DiagnosticReport.Write(diagnostics, loaded.Resources.Count, stdout);
        return errors == 0 ? Meshctl.Success : Meshctl.ConfigurationErrors;
    }
}
