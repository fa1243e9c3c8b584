using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>A WebSocket upgrade through the outbound listener to a mesh service: YARP's upgrade path over the mesh's connection.</summary>
public sealed class SidecarWebSocketTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WebSocketUpgrade_ThroughAMeshRoute_EchoesBothWays()
    {
        await using var echo = await StartEchoServerAsync();
        var port = new Uri(echo.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        var directory = Directory.CreateTempSubdirectory("meshlib-sidecar-ws-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "echo.yaml"), $$"""
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata:
                  name: echo
                spec:
                  hosts: [echo]
                  location: MESH_INTERNAL
                  resolution: STATIC
                  ports:
                  - name: http
                    number: 9080
                    protocol: HTTP
                  endpoints:
                  - address: 127.0.0.1
                    ports:
                      http: {{port}}
                """);
            await using var sidecar = await SidecarProcess.StartAsync("--config", directory);
            using var deadline = new CancellationTokenSource(Timeout);

            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, sidecar.OutboundPort, deadline.Token);
            var stream = client.GetStream();
            var upgrade = "GET http://echo:9080/ws HTTP/1.1\r\nHost: echo:9080\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(upgrade), deadline.Token);
            var head = await ReadHeadAsync(stream, deadline.Token);
            Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);

            using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = false });
            foreach (var message in new[] { "hello", "mesh" })
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, deadline.Token);
                var buffer = new byte[256];
                var received = await socket.ReceiveAsync(buffer, deadline.Token);
                Assert.Equal("echo: " + message, Encoding.UTF8.GetString(buffer, 0, received.Count));
            }

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", deadline.Token);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<WebApplication> StartEchoServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[256];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                    return;
                }

                var reply = Encoding.UTF8.GetBytes("echo: " + Encoding.UTF8.GetString(buffer, 0, received.Count));
                await socket.SendAsync(reply, WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
            }
        });
        await app.StartAsync();
        return app;
    }

    // The response head, byte by byte so that nothing of the WebSocket stream after it is consumed.
    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (head.Length < 8192 && !head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
