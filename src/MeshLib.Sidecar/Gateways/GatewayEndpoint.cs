using System.Globalization;
using System.Net;
using MeshLib.Model.Gateways;

namespace MeshLib.Sidecar.Gateways;

/// <summary>
/// An HTTP or HTTPS gateway listener as one of Kestrel's configuration endpoints (<c>Endpoints:NAME:Url</c>). On a
/// configuration change Kestrel keeps every endpoint whose name and URL are unchanged, stops the others and binds the
/// new ones; so the name carries what must rebind the port when it changes: the kind (plain or TLS) and the bind attempt.
/// </summary>
/// <param name="Port">The gateway port.</param>
/// <param name="TerminatesTls">Whether the listener terminates TLS (HTTPS servers); otherwise plain HTTP.</param>
/// <param name="Attempt">How many times binding the port has been retried since it last changed kind or appeared.</param>
internal sealed record GatewayEndpoint(int Port, bool TerminatesTls, int Attempt)
{
    /// <summary>The endpoint's name in Kestrel's configuration.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"gateway-{Scheme}-{Port}-{Attempt}");

    /// <summary><c>https</c> or <c>http</c>, as the listener is written in messages.</summary>
    public string Scheme => TerminatesTls ? "https" : "http";

    /// <summary>
    /// The endpoint URL for <paramref name="port"/> on <paramref name="bind"/> (IPv6 in brackets). Always http: TLS is
    /// added to the endpoint with the gateway's own handshake, not by Kestrel's configuration HTTPS.
    /// </summary>
    public static string Url(IPAddress bind, int port) => "http://" + new IPEndPoint(bind, port);

    /// <summary>
    /// The endpoints for <paramref name="listeners"/>, given those in force: an unchanged port keeps its endpoint, one
    /// whose last bind failed gets a new attempt (so Kestrel tries it again), one that changed kind or is new starts
    /// at attempt 0.
    /// </summary>
    /// <param name="current">The endpoints in force, by port.</param>
    /// <param name="listeners">The listeners of the configuration in force.</param>
    /// <param name="failed">The ports whose endpoint in force could not be bound.</param>
    public static Dictionary<int, GatewayEndpoint> Plan(
        IReadOnlyDictionary<int, GatewayEndpoint> current, IEnumerable<GatewayListenerModel> listeners, IReadOnlySet<int> failed)
    {
        var next = new Dictionary<int, GatewayEndpoint>();
        foreach (var listener in listeners)
        {
            next[listener.Port] = current.TryGetValue(listener.Port, out var endpoint) && endpoint.TerminatesTls == listener.TerminatesTls
                ? failed.Contains(listener.Port) ? endpoint with { Attempt = endpoint.Attempt + 1 } : endpoint
                : new GatewayEndpoint(listener.Port, listener.TerminatesTls, 0);
        }

        return next;
    }

    /// <summary>Kestrel's configuration for <paramref name="endpoints"/>: one <c>Endpoints:NAME:Url</c> key each.</summary>
    public static Dictionary<string, string?> Configuration(IEnumerable<GatewayEndpoint> endpoints, IPAddress bind) =>
        endpoints.ToDictionary(e => $"Endpoints:{e.Name}:Url", e => (string?)Url(bind, e.Port), StringComparer.OrdinalIgnoreCase);
}
