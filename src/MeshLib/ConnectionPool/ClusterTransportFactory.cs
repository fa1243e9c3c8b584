using System.Net;
using System.Net.Sockets;
using MeshLib.Tls;

namespace MeshLib.ConnectionPool;

/// <summary>
/// The default transport: one <see cref="SocketsHttpHandler"/> per cluster, configured from its
/// <see cref="ConnectionPoolPolicy"/>.
/// </summary>
/// <remarks>
/// <para><see cref="SocketsHttpHandler.MaxConnectionsPerServer"/> counts per endpoint (scheme, host, port) while Envoy
/// counts per cluster, so the per-cluster bound on busy connections comes from <see cref="ClusterLimiter"/>; the
/// handler's limit is a backstop. Idle connections kept for different endpoints may together exceed
/// <c>maxConnections</c>.</para>
/// <para><c>maxRequestsPerConnection: 1</c> is exact through <see cref="ConnectionPoolPolicy.ApplyTo"/>
/// (<c>Connection: close</c>); larger values go through <see cref="RequestBudgetHandler"/>, one single-connection
/// handler per upstream connection, since <see cref="SocketsHttpHandler"/> offers no per-connection request hook.</para>
/// <para><c>maxConcurrentStreams</c> is not enforced client-side; HTTP/2 uses the server's SETTINGS limit and opens
/// more connections when it is reached, as Envoy does.</para>
/// <para>Unlike Envoy, <see cref="SocketsHttpHandler"/> itself resends a request (up to three times, on new connections)
/// when a connection closes before any response byte; only then does the caller see the failure, which
/// <see cref="MeshLib.Replies.UpstreamFailureClassifier"/> maps to <c>connection termination</c>.</para>
/// </remarks>
internal sealed class ClusterTransportFactory : IClusterTransportFactory
{
    private static readonly TimeSpan MinimumPingTime = TimeSpan.FromSeconds(1);

    /// <summary>The shared, stateless instance.</summary>
    public static ClusterTransportFactory Instance { get; } = new();

    /// <inheritdoc/>
    public HttpMessageHandler Create(string clusterName, ConnectionPoolPolicy policy) => Create(clusterName, policy, tls: null);

    /// <inheritdoc/>
    public HttpMessageHandler Create(string clusterName, ConnectionPoolPolicy policy, UpstreamTlsClient? tls)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.MaxRequestsPerConnection is > 1 and < ConnectionPoolPolicy.Unlimited)
        {
            return new RequestBudgetHandler(
                () =>
                {
                    var lane = CreateHandler(policy, tls);
                    lane.MaxConnectionsPerServer = 1;
                    return lane;
                },
                policy.MaxRequestsPerConnection);
        }

        return CreateHandler(policy, tls);
    }

    /// <summary>Creates a <see cref="SocketsHttpHandler"/> that applies the policy and originates TLS when <paramref name="tls"/> is given.</summary>
    /// <param name="policy">The cluster's connection-pool policy.</param>
    /// <param name="tls">The cluster's TLS client, or null for plain text.</param>
    /// <returns>A new handler owned by the caller.</returns>
    public static SocketsHttpHandler CreateHandler(ConnectionPoolPolicy policy, UpstreamTlsClient? tls = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var handler = new SocketsHttpHandler
        {
            // The mesh decides routing, redirects and encodings; the transport only carries bytes.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = policy.ConnectTimeout > TimeSpan.Zero ? policy.ConnectTimeout : Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = policy.IdleTimeout > TimeSpan.Zero ? policy.IdleTimeout : Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = policy.MaxConnectionDuration ?? Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = (int)Math.Min(policy.MaxConnections, int.MaxValue),
            EnableMultipleHttp2Connections = true,
        };

        if (policy.Http2KeepAliveInterval is { } interval && policy.Http2KeepAliveTimeout is { } timeout)
        {
            // Envoy pings on a schedule whether or not streams are active; .NET rejects values below one second.
            handler.KeepAlivePingDelay = Max(interval, MinimumPingTime);
            handler.KeepAlivePingTimeout = Max(timeout, MinimumPingTime);
            handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
        }

        // https:// attempts: the handler does the handshake (SNI = the request's host) with the cluster's certificates.
        if (tls is { HandshakeInConnectCallback: false })
        {
            handler.SslOptions = tls.CreateHandlerOptions();
        }

        var callbackTls = tls is { HandshakeInConnectCallback: true } ? tls : null;
        if (policy.TcpKeepalive is not null || policy.DisableKeepAlive || callbackTls is not null)
        {
            handler.ConnectCallback = (context, cancellationToken) => ConnectAsync(context, policy.TcpKeepalive, callbackTls, cancellationToken);
        }

        return handler;
    }

    /// <summary>Turns on SO_KEEPALIVE and sets the configured probe parameters, leaving unset ones to the OS.</summary>
    /// <param name="socket">A TCP socket.</param>
    /// <param name="keepalive">The keepalive settings.</param>
    internal static void ApplyKeepalive(Socket socket, TcpKeepalivePolicy keepalive)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        if (keepalive.Time is { } time)
        {
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, WholeSeconds(time));
        }

        if (keepalive.Interval is { } interval)
        {
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, WholeSeconds(interval));
        }

        if (keepalive.Probes is { } probes)
        {
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, (int)Math.Min(probes, int.MaxValue));
        }
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, TcpKeepalivePolicy? keepalive, UpstreamTlsClient? tls, CancellationToken cancellationToken)
    {
        // Same socket as the handler's default connect (dual-mode, no Nagle); the connect timeout still applies
        // because the handler passes a token that carries it.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);

            // Set after connect: a multi-address connect may replace the native socket on some platforms.
            if (keepalive is not null)
            {
                ApplyKeepalive(socket, keepalive);
            }

            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (tls is not null)
            {
                // An explicit SNI: the handshake happens here and the attempt travels as http:// over the encrypted stream.
                stream = await tls.AuthenticateAsync(stream, UpstreamTlsClient.HttpProtocolsFor(context.InitialRequestMessage), cancellationToken);
            }

            // The request that asked for this connection is no longer pending (Envoy's pool).
            if (context.InitialRequestMessage.Options.TryGetValue(ConnectingSlot.RequestOption, out var connecting))
            {
                connecting.Release();
            }

            return stream;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // Envoy and the socket options take whole seconds; zero is not accepted by the OS.
    private static int WholeSeconds(TimeSpan value) => (int)Math.Clamp((long)value.TotalSeconds, 1, int.MaxValue);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
