using System.Runtime.Serialization;

namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>HTTPRedirect.RedirectPortSelection</c>: how a redirect derives its port.</summary>
public enum RedirectPortSelection
{
    /// <summary>Port 80 for http and 443 for https (the default).</summary>
    [EnumMember(Value = "FROM_PROTOCOL_DEFAULT")]
    FromProtocolDefault = 0,

    /// <summary>The port the request arrived on.</summary>
    [EnumMember(Value = "FROM_REQUEST_PORT")]
    FromRequestPort = 1,
}
