using System.Text.Json;
using MeshLib.Model;

namespace MeshLib.Sidecar.Gateways;

/// <summary>The <c>gatewayListeners</c> part of <c>/config_dump</c>: each port, its servers and the virtual hosts of their routes.</summary>
internal static class GatewayDumpWriter
{
    public static void Write(Utf8JsonWriter writer, MeshSnapshot snapshot, SidecarOptions options)
    {
        writer.WriteStartArray("gatewayListeners");
        foreach (var listener in snapshot.Gateways.Listeners)
        {
            writer.WriteStartObject();
            writer.WriteString("address", options.GatewayBind.ToString());
            writer.WriteNumber("port", listener.Port);
            writer.WriteBoolean("tls", listener.TerminatesTls);
            writer.WriteStartArray("servers");
            foreach (var server in listener.Servers)
            {
                writer.WriteStartObject();
                writer.WriteString("gateway", server.Reference);
                writer.WriteString("server", server.Path);
                writer.WriteString("route", server.RouteName);
                writer.WriteStartArray("virtualHosts");
                foreach (var virtualHost in snapshot.Gateways.FindRoutes(server.RouteName)?.Hosts.All ?? [])
                {
                    writer.WriteStartObject();
                    writer.WriteString("host", virtualHost.Host);
                    writer.WriteString("virtualService", virtualHost.VirtualService);
                    writer.WriteBoolean("httpsRedirect", virtualHost.RequiresTls);
                    writer.WriteStartArray("routes");
                    foreach (var route in virtualHost.Routes)
                    {
                        writer.WriteStringValue($"{route.VirtualService}: {route.Name}");
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
