namespace MeshLib.Configuration.Diagnostics;

/// <summary>How serious a configuration problem is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The configuration is accepted; something is probably not what was meant (as <c>istioctl analyze</c> warns).</summary>
    Warning,

    /// <summary>The configuration is rejected.</summary>
    Error,
}
