using System.Net;
using System.Net.Sockets;
using MeshLib.Clusters;
using MeshLib.ConnectionPool;
using MeshLib.Http;
using MeshLib.LoadBalancing;
using MeshLib.OutlierDetection;
using Microsoft.Extensions.Logging;

namespace MeshLib.Tcp;

/// <summary>
/// Proxies one accepted TCP connection as Envoy's <c>tcp_proxy</c> on an Istio sidecar's outbound TCP listener or
/// a gateway's TCP listener: the first <c>tcp</c> route that matches, one weighted pick of its destination, the cluster's circuit breaker
/// (<c>maxConnections</c>), load balancing over the endpoints outlier detection leaves, one connect within
/// <c>connectTimeout</c> (with TLS origination when the DestinationRule asks for it), then the bytes both ways.
/// A connection that cannot be proxied is closed; outlier detection hears of every connect.
/// </summary>
internal sealed class TcpProxy(MeshRuntime runtime, ILogger<TcpProxy> logger)
{
    // Istio's tcp_proxy idle timeout when connectionPool.tcp.idleTimeout is unset.
    private static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromHours(1);

    /// <summary>Proxies <paramref name="downstream"/>, which arrived on the listener of <paramref name="host"/>:<paramref name="port"/>, then closes it.</summary>
    /// <param name="downstream">The accepted connection; disposed here.</param>
    /// <param name="host">The service host (FQDN).</param>
    /// <param name="port">The service port.</param>
    /// <param name="stopping">Cancelled when the proxy must drop every connection.</param>
    public async Task HandleAsync(Socket downstream, string host, int port, CancellationToken stopping)
    {
        using (downstream)
        {
            if (runtime.Manager.Current.FindTcpService(host, port) is not { } service)
            {
                TcpProxyLog.NoService(logger, host, port);
                return;
            }

            await RouteAsync(downstream, service, stopping).ConfigureAwait(false);
        }
    }

    /// <summary>Proxies <paramref name="downstream"/>, which arrived on the gateway TCP listener of <paramref name="port"/>, then closes it.</summary>
    /// <param name="downstream">The accepted connection; disposed here.</param>
    /// <param name="port">The gateway server port.</param>
    /// <param name="stopping">Cancelled when the proxy must drop every connection.</param>
    public async Task HandleGatewayAsync(Socket downstream, int port, CancellationToken stopping)
    {
        using (downstream)
        {
            if (runtime.Manager.Current.Gateways.TcpListener(port) is not { } listener)
            {
                TcpProxyLog.NoGatewayPort(logger, port);
                return;
            }

            await RouteAsync(downstream, listener, stopping).ConfigureAwait(false);
        }
    }

    private async Task RouteAsync(Socket downstream, ITcpRouteSource source, CancellationToken stopping)
    {
        var destinationAddress = (downstream.LocalEndPoint as IPEndPoint)?.Address ?? IPAddress.Loopback;
        var sourceAddress = (downstream.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.Loopback;
        var route = source.Route(destinationAddress, sourceAddress);
        if (route is null)
        {
            TcpProxyLog.NoRoute(logger, source.Name, source.Port);
            return;
        }

        var destination = route.PickDestination(runtime.Random);
        if (destination.Cluster is not { } cluster)
        {
            TcpProxyLog.NoCluster(logger, source.Name, source.Port, destination);
            return;
        }

        var state = runtime.Clusters.Enter(cluster);
        try
        {
            if (!TcpConnectionLimit.TryEnter(state))
            {
                TcpProxyLog.Overflow(logger, source.Name, source.Port, cluster.Name, state.Pool.MaxConnections);
                return;
            }

            try
            {
                await ProxyAsync(downstream, source, route, state, sourceAddress, stopping).ConfigureAwait(false);
            }
            finally
            {
                TcpConnectionLimit.Exit(state);
            }
        }
        finally
        {
            state.Exit();
        }
    }

    private async Task ProxyAsync(Socket downstream, ITcpRouteSource source, TcpRouteModel route, ClusterState state, IPAddress sourceAddress, CancellationToken stopping)
    {
        var cluster = state.Model;
        LbEndpoint? endpoint = null;
        if (!cluster.IsPassthrough)
        {
            // Of the consistent-hash keys only the source IP exists for a TCP connection, as in Envoy's tcp_proxy.
            var hash = cluster.Policy.LoadBalancer?.ConsistentHash?.UseSourceIp == true ? HashKey.ForSourceIp(sourceAddress) : (ulong?)null;
            endpoint = state.Pick(hash, null);
            if (endpoint is null)
            {
                TcpProxyLog.NoHealthyUpstream(logger, source.Name, source.Port, cluster.Name);
                return;
            }
        }
        else if (cluster.Host.StartsWith('*'))
        {
            TcpProxyLog.UnknownOriginalDestination(logger, source.Name, source.Port, cluster.Name);
            return;
        }

        // A passthrough (resolution NONE) service: the host itself, resolved now.
        var (address, targetPort) = endpoint is null ? (cluster.Host, cluster.Port) : (endpoint.Address, endpoint.Port);
        endpoint?.IncrementActiveRequests();
        try
        {
            Stream upstream;
            try
            {
                upstream = await ConnectAsync(state, address, targetPort, stopping).ConfigureAwait(false);
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested && exception is SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                var timedOut = exception is OperationCanceledException;
                if (endpoint is not null)
                {
                    state.Report(endpoint, timedOut ? AttemptResult.ConnectTimeout : AttemptResult.ConnectFailure);
                }

                TcpProxyLog.ConnectFailed(logger, source.Name, source.Port, address, targetPort, cluster.Name, timedOut ? "connection timeout" : exception.Message);
                return;
            }

            await using (upstream.ConfigureAwait(false))
            {
                // Envoy's tcp_proxy reports LocalOriginConnectSuccessFinal: no response will follow, so the connect
                // counts as a success (a 200 when local and external errors are not split), ending a run of failures.
                if (endpoint is not null)
                {
                    state.Report(endpoint, AttemptResult.Response(200));
                }

                var (sent, received) = await TcpRelay.RunAsync(downstream, upstream, Limits(state), runtime.TimeProvider, stopping).ConfigureAwait(false);
                TcpProxyLog.Proxied(logger, source.Name, source.Port, route.Name, address, targetPort, cluster.Name, sent, received);
            }
        }
        finally
        {
            endpoint?.DecrementActiveRequests();
        }
    }

    private async Task<Stream> ConnectAsync(ClusterState state, string address, int port, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(state.Pool.ConnectTimeout > TimeSpan.Zero ? state.Pool.ConnectTimeout : Timeout.InfiniteTimeSpan, runtime.TimeProvider);
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            EndPoint target = IPAddress.TryParse(address, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(address, port);
            await socket.ConnectAsync(target, connecting.Token).ConfigureAwait(false);
            if (state.Pool.TcpKeepalive is { } keepalive)
            {
                ClusterTransportFactory.ApplyKeepalive(socket, keepalive);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (state.Tls is { } tls)
        {
            // TCP carries no Host: the SNI is the configured one or none, and the certificate is checked by chain and SANs.
            stream = await tls.AuthenticateAsync(stream, protocols: null, connecting.Token).ConfigureAwait(false);
        }

        return stream;
    }

    // tcp_proxy's idle timeout is connectionPool.tcp.idleTimeout (default 1h; 0s disables it); maxConnectionDuration bounds a connection.
    private static (TimeSpan Idle, TimeSpan MaxDuration) Limits(ClusterState state)
    {
        var tcp = state.Model.Policy.ConnectionPool?.Tcp;
        var idle = tcp?.IdleTimeout is { } configured ? configured.ToTimeSpan() : DefaultIdleTimeout;
        return (idle, state.Pool.MaxConnectionDuration ?? TimeSpan.Zero);
    }
}
