namespace MeshLib.Configuration.Diagnostics;

/// <summary>Thrown when a configuration cannot be used; <see cref="Diagnostics"/> lists every problem found.</summary>
public sealed class MeshConfigurationException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="diagnostics">Every problem found; the message lists the errors one per line.</param>
    public MeshConfigurationException(IReadOnlyList<ConfigDiagnostic> diagnostics)
        : base(Describe(diagnostics)) => Diagnostics = diagnostics;

    /// <summary>Creates the exception with a message only.</summary>
    public MeshConfigurationException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public MeshConfigurationException(string message)
        : base(message) => Diagnostics = [];

    /// <summary>Creates the exception with a message and the cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MeshConfigurationException(string message, Exception innerException)
        : base(message, innerException) => Diagnostics = [];

    /// <summary>Every problem found, errors and warnings.</summary>
    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; }

    private static string Describe(IReadOnlyList<ConfigDiagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return errors.Count switch
        {
            0 => "the mesh configuration is invalid",
            1 => $"the mesh configuration is invalid: {errors[0]}",
            _ => $"the mesh configuration is invalid ({errors.Count} errors):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}",
        };
    }
}
