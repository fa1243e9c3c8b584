using System.Runtime.Serialization;

namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>ClientTLSSettings.TLSmode</c>: TLS mode for upstream connections.</summary>
public enum ClientTlsMode
{
    /// <summary>Plain text; no TLS.</summary>
    [EnumMember(Value = "DISABLE")]
    Disable = 0,

    /// <summary>Originate TLS to the upstream.</summary>
    [EnumMember(Value = "SIMPLE")]
    Simple = 1,

    /// <summary>Mutual TLS with the given client certificate.</summary>
    [EnumMember(Value = "MUTUAL")]
    Mutual = 2,

    /// <summary>Mutual TLS with Istio-issued certificates; other fields must be empty.</summary>
    [EnumMember(Value = "ISTIO_MUTUAL")]
    IstioMutual = 3,
}
