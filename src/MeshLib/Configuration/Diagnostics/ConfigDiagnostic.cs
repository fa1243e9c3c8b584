namespace MeshLib.Configuration.Diagnostics;

/// <summary>One configuration problem, with everything needed to find and fix it.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Location">Where it was written, when known.</param>
/// <param name="Resource">The resource as <c>Kind/namespace/name</c>, when the problem is inside one.</param>
/// <param name="FieldPath">The field, as <c>spec.http[0].route[1].weight</c>, when the problem is a field's.</param>
/// <param name="Message">What is wrong, in Istio's wording where Istio has one.</param>
public sealed record ConfigDiagnostic(
    DiagnosticSeverity Severity,
    SourceLocation? Location,
    string? Resource,
    string? FieldPath,
    string Message)
{
    /// <summary>Renders the problem as <c>file:line:column: error: Kind/namespace/name: field.path: message</c>.</summary>
    public override string ToString()
    {
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        var where = Location is null ? "<unknown>" : Location.ToString();
        var resource = Resource is null ? string.Empty : Resource + ": ";
        var field = string.IsNullOrEmpty(FieldPath) ? string.Empty : FieldPath + ": ";
        return $"{where}: {severity}: {resource}{field}{Message}";
    }
}
