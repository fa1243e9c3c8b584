namespace MeshLib.Routing;

/// <summary>Istio's <c>HTTPRedirect.derivePort</c>.</summary>
internal enum RedirectPortDerivation
{
    /// <summary><c>FROM_PROTOCOL_DEFAULT</c>: no port in <c>Location</c> (80 for http, 443 for https).</summary>
    FromProtocolDefault = 0,

    /// <summary><c>FROM_REQUEST_PORT</c>: the port the request was sent to, left out when it is the scheme default.</summary>
    FromRequestPort = 1,
}
