using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshLib.FunctionalTests.TestSupport;

/// <summary>
/// A real Kestrel HTTPS server on 127.0.0.1 with a <see cref="TestCertificates"/>-issued certificate. It records the SNI
/// of every handshake and, when asked, requires a client certificate issued by a given authority. Each answer is JSON
/// naming the backend, the SNI, the client certificate's subject, the scheme, the protocol and the request headers.
/// </summary>
public sealed class HttpsBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private HttpsBackend(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>The SNI of every TLS handshake, in order (empty when the client sent none).</summary>
    public ConcurrentQueue<string> ServerNames { get; } = new();

    /// <summary>How many requests reached the application (after a successful handshake).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Starts the server with <paramref name="certificate"/>; with <paramref name="clientAuthority"/>, a client certificate it issued is required.</summary>
    public static async Task<HttpsBackend> StartAsync(string name, X509Certificate2 certificate, X509Certificate2? clientAuthority = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        HttpsBackend? backend = null;
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = context =>
            {
                backend!.ServerNames.Enqueue(context.ClientHelloInfo.ServerName);
                return ValueTask.FromResult(new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                    ClientCertificateRequired = clientAuthority is not null,
                    RemoteCertificateValidationCallback = (_, presented, _, _) => clientAuthority is null || IssuedBy(presented, clientAuthority),
                });
            },
        })));
        var app = builder.Build();
        app.Run(async context =>
        {
            Interlocked.Increment(ref backend!._requests);
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            var client = await context.Connection.GetClientCertificateAsync();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                backend = name,
                path = context.Request.Path + context.Request.QueryString.ToString(),
                headers,
                scheme = context.Request.Scheme,
                protocol = context.Request.Protocol,
                clientCertificate = client?.Subject,
            }));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        backend = new HttpsBackend(app, new Uri(address).Port);
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static bool IssuedBy(X509Certificate? presented, X509Certificate2 authority)
    {
        if (presented is null)
        {
            return false;
        }

        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        return chain.Build(certificate);
    }
}

/// <summary>One answer of an <see cref="HttpsBackend"/>.</summary>
public sealed record HttpsAnswer(string Backend, string Path, Dictionary<string, string> Headers, string Scheme, string Protocol, string? ClientCertificate)
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    public static HttpsAnswer Parse(string json) => JsonSerializer.Deserialize<HttpsAnswer>(json, Options)!;
}
