using System.Runtime.Serialization;

namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>TrafficPolicy.ProxyProtocol.VERSION</c>: PROXY protocol version.</summary>
public enum ProxyProtocolVersion
{
    /// <summary>Version 1, human-readable text header (default).</summary>
    [EnumMember(Value = "V1")]
    V1 = 0,

    /// <summary>Version 2, binary header.</summary>
    [EnumMember(Value = "V2")]
    V2 = 1,
}
