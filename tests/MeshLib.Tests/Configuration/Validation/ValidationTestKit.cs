using MeshLib.Configuration;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.Validation;

namespace MeshLib.Tests.Configuration.Validation;

/// <summary>Builders and assertions shared by the validator tests.</summary>
internal static class ValidationTestKit
{
    public static EquatableList<T> List<T>(params T[] items) => new(items);

    public static EquatableDictionary<T> Map<T>(params (string Key, T Value)[] entries) =>
        new(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)));

    public static Duration D(string text) => Duration.Parse(text);

    public static MeshResource Resource(ResourceKind kind, string name, ConfigElement spec, string? ns = null, SourceLocation? source = null) => new()
    {
        ApiVersion = "networking.istio.io/v1",
        Kind = kind,
        Metadata = new ObjectMetaConfig { Name = name, Namespace = ns },
        Spec = spec,
        Source = source,
    };

    /// <summary>Runs one validator on <paramref name="spec"/> wrapped in a resource of <paramref name="kind"/> in namespace "default".</summary>
    public static List<ConfigDiagnostic> Run<T>(ResourceKind kind, T spec, Action<ValidationContext, T> validate)
        where T : ConfigElement
    {
        var sink = new List<ConfigDiagnostic>();
        var ctx = new ValidationContext(Resource(kind, "reviews", spec), "default", sink);
        validate(ctx, spec);
        return sink;
    }

    /// <summary>Asserts that the diagnostics are exactly one, with this severity, field path and message.</summary>
    public static ConfigDiagnostic Single(List<ConfigDiagnostic> diagnostics, DiagnosticSeverity severity, string fieldPath, string message)
    {
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(message, diagnostic.Message);
        Assert.Equal(fieldPath, diagnostic.FieldPath);
        Assert.Equal(severity, diagnostic.Severity);
        return diagnostic;
    }

    /// <summary>Asserts that one of the diagnostics has this severity, field path and message.</summary>
    public static void Contains(List<ConfigDiagnostic> diagnostics, DiagnosticSeverity severity, string fieldPath, string message) =>
        Assert.Contains(
            diagnostics,
            d => d.Severity == severity && d.FieldPath == fieldPath && d.Message == message);
}
