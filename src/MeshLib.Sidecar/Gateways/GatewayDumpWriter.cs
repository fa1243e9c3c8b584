using System.Text.Json;
using MeshLib.Model;
using MeshLib.Model.Gateways;

namespace MeshLib.Sidecar.Gateways;

/// <summary>
/// The <c>gatewayListeners</c> part of <c>/config_dump</c>: each port, its servers and the virtual hosts of their
/// routes; a TCP port (<c>"protocol": "TCP"</c>) shows its server's <c>tcp</c> routes and their destinations instead.
/// </summary>
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
            writer.WriteString("protocol", listener.TerminatesTls ? "HTTPS" : "HTTP");
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

        foreach (var listener in snapshot.Gateways.TcpListeners)
        {
            WriteTcp(writer, listener, options);
        }

        writer.WriteEndArray();
    }

    private static void WriteTcp(Utf8JsonWriter writer, GatewayTcpListenerModel listener, SidecarOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("address", options.GatewayBind.ToString());
        writer.WriteNumber("port", listener.Port);
        writer.WriteString("protocol", "TCP");
        writer.WriteBoolean("tls", false);
        writer.WriteStartArray("servers");
        writer.WriteStartObject();
        writer.WriteString("gateway", listener.Server.Reference);
        writer.WriteString("server", listener.Server.Path);
        writer.WriteStartArray("tcpRoutes");
        foreach (var route in listener.Routes)
        {
            writer.WriteStartObject();
            writer.WriteString("route", $"{route.VirtualService}: {route.Name}");
            writer.WriteStartArray("destinations");
            foreach (var destination in route.Destinations)
            {
                writer.WriteStartObject();
                writer.WriteString("destination", destination.ToString());
                writer.WriteNumber("weight", destination.Weight);
                writer.WriteString("cluster", destination.Cluster?.Name);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
