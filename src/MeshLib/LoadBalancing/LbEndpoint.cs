using System.Collections.Frozen;
using System.Globalization;

namespace MeshLib.LoadBalancing;

/// <summary>
/// One upstream endpoint of a cluster as the load balancers see it. Long-lived: the same instance is kept
/// while the endpoint stays in the cluster, so its runtime counters survive configuration reloads.
/// Health (outlier ejection) is decided elsewhere; pickers only see the endpoints they are handed.
/// </summary>
internal sealed class LbEndpoint
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = FrozenDictionary<string, string>.Empty;

    private int _activeRequests;
    private Uri? _lastAttemptUri;

    /// <summary>Creates an endpoint.</summary>
    /// <param name="address">IP address or host name.</param>
    /// <param name="port">Port, 0..65535.</param>
    /// <param name="weight">Load-balancing weight; Envoy requires at least 1 (Istio writes 1 when none is set).</param>
    /// <param name="locality">Locality as <c>region/zone/subzone</c>, or null when unknown.</param>
    /// <param name="labels">Endpoint labels (subset selection, failoverPriority); null for none.</param>
    /// <param name="uriScheme">The scheme of the URIs attempts to this endpoint are sent to (<c>https</c> when the cluster originates TLS).</param>
    public LbEndpoint(string address, int port, uint weight = 1, string? locality = null, IReadOnlyDictionary<string, string>? labels = null, string uriScheme = "http")
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfZero(weight);
        Address = address;
        Port = port;
        Weight = weight;
        Locality = locality;
        Labels = labels ?? NoLabels;
        HashKey = FormatHashKey(address, port);
        UriPrefix = string.Concat(uriScheme, Uri.SchemeDelimiter, HashKey);
    }

    /// <summary>IP address or host name.</summary>
    public string Address { get; }

    /// <summary>Port.</summary>
    public int Port { get; }

    /// <summary>Load-balancing weight (at least 1).</summary>
    public uint Weight { get; }

    /// <summary>Locality as <c>region/zone/subzone</c>, or null.</summary>
    public string? Locality { get; }

    /// <summary>Endpoint labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>
    /// The key consistent-hash tables hash for this endpoint: Envoy's <c>address()->asString()</c>,
    /// i.e. <c>10.0.0.1:8080</c> or <c>[fd00::1]:8080</c>, so that ring and Maglev positions match Envoy's.
    /// </summary>
    public string HashKey { get; }

    /// <summary>The endpoint's position in its cluster state (its outlier-detection slot), or -1 outside a cluster state.</summary>
    public int Index { get; internal set; } = -1;

    /// <summary>The scheme and address attempts are sent to, such as <c>http://10.0.0.1:8080</c>.</summary>
    public string UriPrefix { get; }

    /// <summary>Requests currently in flight to this endpoint (Envoy's <c>rq_active</c>), read by least-request.</summary>
    public int ActiveRequests => Volatile.Read(ref _activeRequests);

    /// <summary>Marks a request to this endpoint as started.</summary>
    /// <returns>The new count.</returns>
    public int IncrementActiveRequests() => Interlocked.Increment(ref _activeRequests);

    /// <summary>Marks a request to this endpoint as finished.</summary>
    /// <returns>The new count.</returns>
    public int DecrementActiveRequests() => Interlocked.Decrement(ref _activeRequests);

    /// <summary>
    /// The URI of an attempt to this endpoint: <see cref="UriPrefix"/> followed by <paramref name="pathAndQuery"/>.
    /// A client mostly calls the same few paths of a service, so the last URI built is reused while the path repeats;
    /// a <see cref="Uri"/> is immutable, so requests can share it.
    /// </summary>
    /// <param name="pathAndQuery">The request's (possibly rewritten) path and query.</param>
    /// <returns>The absolute URI.</returns>
    public Uri AttemptUri(string pathAndQuery)
    {
        var last = Volatile.Read(ref _lastAttemptUri);
        var text = last?.OriginalString;
        if (text is not null
            && text.Length == UriPrefix.Length + pathAndQuery.Length
            && text.AsSpan(UriPrefix.Length).SequenceEqual(pathAndQuery))
        {
            return last!;
        }

        var uri = new Uri(string.Concat(UriPrefix, pathAndQuery));
        Volatile.Write(ref _lastAttemptUri, uri);
        return uri;
    }

    /// <inheritdoc />
    public override string ToString() => HashKey;

    private static string FormatHashKey(string address, int port)
    {
        var portText = port.ToString(CultureInfo.InvariantCulture);
        // IPv6 literals are bracketed exactly as Envoy prints them; names and IPv4 are not.
        return address.Contains(':', StringComparison.Ordinal) && !address.StartsWith('[')
            ? "[" + address + "]:" + portText
            : address + ":" + portText;
    }
}
