using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MeshLib.Sidecar.Forwarding;

/// <summary>
/// HTTP/1.1 and cleartext HTTP/2 (prior knowledge, as gRPC clients speak it) on one port. Kestrel in .NET 10 picks
/// HTTP/2 on an <see cref="HttpProtocols.Http1AndHttp2"/> endpoint only when TLS negotiated <c>h2</c> by ALPN; this
/// connection middleware peeks (without consuming) at the first bytes and, when they are the HTTP/2 connection preface
/// (RFC 9113 §3.4), tells Kestrel so through the same features its TLS middleware sets. Every other connection is
/// left untouched and served as HTTP/1.1. The endpoint must allow the <c>http</c> <c>:scheme</c>
/// (<see cref="KestrelServerOptions.AllowAlternateSchemes"/>), since Kestrel then expects <c>https</c>.
/// </summary>
internal sealed class H2cPriorKnowledge : ITlsConnectionFeature, ITlsApplicationProtocolFeature
{
    private static readonly H2cPriorKnowledge Marker = new();

    private H2cPriorKnowledge()
    {
    }

    private static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>None: the connection is cleartext.</summary>
    public X509Certificate2? ClientCertificate
    {
        get => null;
        set => throw new NotSupportedException("a cleartext HTTP/2 connection has no client certificate");
    }

    /// <summary>ALPN's <c>h2</c>, which selects HTTP/2.</summary>
    public ReadOnlyMemory<byte> ApplicationProtocol { get; } = "h2"u8.ToArray();

    /// <summary>Adds the detection to <paramref name="listen"/>; a connection silent for <paramref name="timeout"/> is left to HTTP/1.1.</summary>
    /// <param name="listen">A cleartext <see cref="HttpProtocols.Http1AndHttp2"/> endpoint.</param>
    /// <param name="timeout">How long to wait for the first bytes (Kestrel's request-headers timeout).</param>
    public static void Use(ListenOptions listen, TimeSpan timeout) =>
        listen.Use(next => async connection =>
        {
            if (await StartsWithPrefaceAsync(connection.Transport.Input, timeout, connection.ConnectionClosed))
            {
                connection.Features.Set<ITlsConnectionFeature>(Marker);
                connection.Features.Set<ITlsApplicationProtocolFeature>(Marker);
            }

            await next(connection);
        });

    public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult<X509Certificate2?>(null);

    private static async Task<bool> StartsWithPrefaceAsync(PipeReader input, TimeSpan timeout, CancellationToken closed)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(closed);
        wait.CancelAfter(timeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            var buffer = result.Buffer;
            var decided = result.IsCanceled || result.IsCompleted || buffer.Length >= Preface.Length || !MatchesPrefix(buffer);

            // Nothing is consumed: the protocol handler reads the same bytes. Until a decision, wait for more.
            input.AdvanceTo(buffer.Start, decided ? buffer.Start : buffer.End);
            if (decided)
            {
                return !result.IsCanceled && buffer.Length >= Preface.Length && MatchesPrefix(buffer);
            }
        }
    }

    private static bool MatchesPrefix(ReadOnlySequence<byte> buffer)
    {
        var length = (int)Math.Min(buffer.Length, Preface.Length);
        Span<byte> head = stackalloc byte[length];
        buffer.Slice(0, length).CopyTo(head);
        return head.SequenceEqual(Preface[..length]);
    }
}
