using System.Text.Json;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Management;
using MeshLib.Sidecar.Gateways;

namespace MeshLib.Sidecar.Admin;

/// <summary>
/// <c>GET /config_dump</c>: the configuration in force — its version (new on every applied reload), the gateway
/// listeners, the resources it was compiled from, and how the last reload went, with its file:line diagnostics.
/// </summary>
internal static class ConfigDumpWriter
{
    public static void Write(Utf8JsonWriter writer, MeshConfigManager manager, SidecarOptions options)
    {
        var snapshot = manager.Current;
        var failed = manager.LastReloadFailed;
        var diagnostics = manager.LastDiagnostics;

        writer.WriteStartObject();
        writer.WriteNumber("version", snapshot.Version);
        writer.WriteString("namespace", snapshot.Namespace);
        writer.WriteString("outboundTrafficPolicy", options.OutboundTrafficPolicyName);
        writer.WriteStartArray("sources");
        foreach (var path in options.ConfigPaths)
        {
            writer.WriteStringValue(Path.GetFullPath(path));
        }

        writer.WriteEndArray();

        writer.WriteStartObject("lastReload");
        writer.WriteString("status", failed ? "failed" : "ok");
        writer.WriteNumber("reloadsApplied", manager.ReloadsApplied);
        writer.WriteNumber("reloadsRejected", manager.ReloadsRejected);
        writer.WriteStartArray("diagnostics");
        foreach (var diagnostic in diagnostics)
        {
            WriteDiagnostic(writer, diagnostic);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartArray("warnings");
        foreach (var warning in snapshot.Warnings)
        {
            WriteDiagnostic(writer, warning);
        }

        writer.WriteEndArray();

        GatewayDumpWriter.Write(writer, snapshot, options);
        writer.WriteStartArray("resources");
        foreach (var resource in snapshot.Resources)
        {
            ConfigJsonWriter.WriteResource(writer, resource);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteDiagnostic(Utf8JsonWriter writer, ConfigDiagnostic diagnostic)
    {
        writer.WriteStartObject();
        writer.WriteString("severity", diagnostic.Severity == DiagnosticSeverity.Error ? "error" : "warning");
        writer.WriteString("location", diagnostic.Location?.ToString());
        writer.WriteString("resource", diagnostic.Resource);
        writer.WriteString("field", diagnostic.FieldPath);
        writer.WriteString("message", diagnostic.Message);
        writer.WriteString("text", diagnostic.ToString());
        writer.WriteEndObject();
    }
}
