using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MeshLib.FunctionalTests.TestSupport;

/// <summary>
/// A TCP echo server on 127.0.0.1, like Istio's tcp-echo sample: every line it reads comes back prefixed with its name
/// (<c>v1 hello</c>); when the client ends its side it answers <c>NAME bye</c> and closes, which shows that a proxy in
/// between carries the half-close both ways. With a certificate it speaks TLS, and with a client authority it
/// requires a client certificate issued by it.
/// </summary>
public sealed class TcpEchoBackend : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private readonly X509Certificate2? _certificate;
    private readonly X509Certificate2? _clientAuthority;
    private int _connections;

    private TcpEchoBackend(string name, X509Certificate2? certificate, X509Certificate2? clientAuthority)
    {
        Name = name;
        _certificate = certificate;
        _clientAuthority = clientAuthority;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The client certificate's subject of each TLS connection, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> ClientCertificates { get; } = new();

    public static TcpEchoBackend Start(string name, X509Certificate2? certificate = null, X509Certificate2? clientAuthority = null) =>
        new(name, certificate, clientAuthority);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                Interlocked.Increment(ref _connections);
                connections.Add(EchoAsync(client));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(connections);
    }

    private async Task EchoAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate is not null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(
                        new SslServerAuthenticationOptions
                        {
                            ServerCertificate = _certificate,
                            ClientCertificateRequired = _clientAuthority is not null,
                            RemoteCertificateValidationCallback = (_, presented, _, _) => _clientAuthority is null || IssuedBy(presented, _clientAuthority),
                        },
                        _stopping.Token);
                    ClientCertificates.Enqueue(tls.RemoteCertificate?.Subject ?? string.Empty);
                    stream = tls;
                }

                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                while (await reader.ReadLineAsync(_stopping.Token) is { } line)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{Name} {line}\n"), _stopping.Token);
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{Name} bye\n"), _stopping.Token);
                if (stream is SslStream tlsStream)
                {
                    await tlsStream.ShutdownAsync();
                }

                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                // The client went away.
            }
        }
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
