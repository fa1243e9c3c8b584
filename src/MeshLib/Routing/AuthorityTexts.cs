using System.Globalization;

namespace MeshLib.Routing;

/// <summary>
/// The <c>host:port</c> text of request URIs that name a port, shared between requests. <see cref="Uri.Authority"/>
/// builds a new string on every call, and the router needs the authority of every forwarded request (it becomes the
/// upstream <c>Host</c>). A process talks to few authorities, so a small direct-mapped table of immutable entries
/// keeps them; a collision only costs building the text again.
/// </summary>
internal static class AuthorityTexts
{
    private const int Size = 64;

    private static readonly Entry?[] Entries = new Entry?[Size];

    /// <summary>The authority <c>host:port</c>.</summary>
    /// <param name="host">The host as <see cref="Uri.Host"/> gives it (IPv6 literals bracketed).</param>
    /// <param name="port">The port.</param>
    /// <returns>The text, shared with earlier calls for the same host and port where possible.</returns>
    public static string Of(string host, int port)
    {
        var slot = (int)((uint)(host.GetHashCode() ^ port) % Size);
        var entry = Volatile.Read(ref Entries[slot]);
        if (entry is not null && entry.Port == port && string.Equals(entry.Host, host, StringComparison.Ordinal))
        {
            return entry.Text;
        }

        var text = string.Concat(host, ":", port.ToString(CultureInfo.InvariantCulture));
        Volatile.Write(ref Entries[slot], new Entry(host, port, text));
        return text;
    }

    // Immutable, so a reader never sees a host paired with another host's text.
    private sealed class Entry(string host, int port, string text)
    {
        public string Host { get; } = host;

        public int Port { get; } = port;

        public string Text { get; } = text;
    }
}
