using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshLib.FunctionalTests.TestSupport;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an ephemeral port. By default it answers every request with JSON naming
/// itself and echoing what it received; <see cref="Handler"/> replaces that behaviour per test.
/// </summary>
public sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestBackend(string name, WebApplication app, int port)
    {
        Name = name;
        _app = app;
        Port = port;
    }

    /// <summary>The backend's name, returned in every default answer.</summary>
    public string Name { get; }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>Replaces the default answer; return true when the response was written.</summary>
    public Func<HttpContext, Task<bool>>? Handler { get; set; }

    public static async Task<TestBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        TestBackend? backend = null;
        app.Run(async context =>
        {
            var request = context.Request;
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            backend!.Received.Enqueue(new ReceivedRequest(request.Method, request.Path + request.QueryString, headers, body));
            if (backend.Handler is { } handler && await handler(context))
            {
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { backend = backend.Name, path = request.Path + request.QueryString.ToString(), headers }));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        backend = new TestBackend(name, app, new Uri(address).Port);
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request as a backend saw it.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
