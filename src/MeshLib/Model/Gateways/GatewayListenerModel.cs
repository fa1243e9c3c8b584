namespace MeshLib.Model.Gateways;

/// <summary>
/// One gateway port, as Envoy's gateway listener: either plain HTTP, where every server on the port shares one
/// route table (<c>http.PORT</c>), or TLS-terminating, where the client's SNI picks the server and so its routes.
/// </summary>
internal sealed class GatewayListenerModel(int port, bool terminatesTls, IReadOnlyList<GatewayServerModel> servers)
{
    /// <summary>The port.</summary>
    public int Port { get; } = port;

    /// <summary>Whether connections are TLS (HTTPS servers); otherwise plain HTTP.</summary>
    public bool TerminatesTls { get; } = terminatesTls;

    /// <summary>The servers on this port, in configuration order.</summary>
    public IReadOnlyList<GatewayServerModel> Servers { get; } = servers;

    /// <summary>
    /// The server a TLS connection with server name <paramref name="serverName"/> reaches, as Envoy's filter chain
    /// match: an exact name, else the longest matching <c>*.suffix</c>, else a server that accepts any name.
    /// Null when none does (Envoy closes the connection). A plain listener has one route table: its first server.
    /// </summary>
    public GatewayServerModel? SelectServer(string? serverName)
    {
        if (!TerminatesTls)
        {
            return Servers.Count > 0 ? Servers[0] : null;
        }

        GatewayServerModel? wildcard = null;
        var wildcardLength = -1;
        GatewayServerModel? any = null;
        foreach (var server in Servers)
        {
            if (server.ServerNames.Count == 0)
            {
                any ??= server;
                continue;
            }

            if (string.IsNullOrEmpty(serverName))
            {
                continue;
            }

            foreach (var name in server.ServerNames)
            {
                if (!name.StartsWith('*'))
                {
                    if (string.Equals(name, serverName, StringComparison.OrdinalIgnoreCase))
                    {
                        return server;
                    }
                }
                else if (name.Length > wildcardLength && HostNames.WildcardMatches(name, serverName))
                {
                    wildcard = server;
                    wildcardLength = name.Length;
                }
            }
        }

        return wildcard ?? any;
    }
}
