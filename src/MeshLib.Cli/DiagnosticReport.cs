using MeshLib.Configuration.Diagnostics;

namespace MeshLib.Cli;

/// <summary>Prints configuration problems as <c>meshctl validate</c> does: one line each, then a count.</summary>
internal static class DiagnosticReport
{
    /// <summary>Writes every diagnostic and the summary line; returns the number of errors.</summary>
    /// <param name="diagnostics">The problems.</param>
    /// <param name="resourceCount">The number of resources read.</param>
    /// <param name="output">Where to write.</param>
    /// <returns>The number of errors.</returns>
    public static int Write(IEnumerable<ConfigDiagnostic> diagnostics, int resourceCount, TextWriter output)
    {
        var errors = 0;
        var warnings = 0;
        foreach (var diagnostic in diagnostics)
        {
            output.WriteLine(diagnostic);
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                errors++;
            }
            else
            {
                warnings++;
            }
        }

        output.WriteLine(errors == 0 && warnings == 0
            ? $"no validation issues found in {resourceCount} resources"
            : $"{errors} error(s), {warnings} warning(s) in {resourceCount} resources");
        return errors;
    }
}
