using System.Globalization;

namespace MeshLib.Sidecar.Tcp;

/// <summary>
/// One <c>--tcp-listen [HOST:]PORT=LOCALPORT</c>: the TCP listener of service port <see cref="Port"/> (of
/// <see cref="Host"/> only, when given) opens on 127.0.0.1:<see cref="LocalPort"/> instead of the service port.
/// </summary>
/// <param name="Host">The service host as written (a short name resolves in the sidecar's namespace), or null for any host.</param>
/// <param name="Port">The service port.</param>
/// <param name="LocalPort">The port to listen on.</param>
internal sealed record TcpListenMapping(string? Host, int Port, int LocalPort)
{
    /// <summary>Parses <c>[HOST:]PORT=LOCALPORT</c>.</summary>
    /// <param name="text">The option's value.</param>
    /// <param name="mapping">The mapping, when the text is valid.</param>
    /// <returns><see langword="false"/> when it is not.</returns>
    public static bool TryParse(string text, out TcpListenMapping mapping)
    {
        mapping = new TcpListenMapping(null, 0, 0);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || !TryPort(text[(equals + 1)..], out var local))
        {
            return false;
        }

        var service = text[..equals];
        var colon = service.LastIndexOf(':');
        var host = colon < 0 ? null : service[..colon];
        if (host is { Length: 0 } || !TryPort(colon < 0 ? service : service[(colon + 1)..], out var port))
        {
            return false;
        }

        mapping = new TcpListenMapping(host, port, local);
        return true;
    }

    private static bool TryPort(string value, out int port) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
}
