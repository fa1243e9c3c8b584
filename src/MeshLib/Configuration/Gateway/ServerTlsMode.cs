using System.Runtime.Serialization;

namespace MeshLib.Configuration.Gateway;

/// <summary>Istio <c>ServerTLSSettings.TLSmode</c>: how a gateway server handles TLS.</summary>
public enum ServerTlsMode
{
    /// <summary>Forward the TLS connection untouched, routed by SNI (the default).</summary>
    [EnumMember(Value = "PASSTHROUGH")]
    Passthrough = 0,

    /// <summary>Terminate TLS with the server certificate.</summary>
    [EnumMember(Value = "SIMPLE")]
    Simple = 1,

    /// <summary>Terminate TLS and require a valid client certificate.</summary>
    [EnumMember(Value = "MUTUAL")]
    Mutual = 2,

    /// <summary>Pass through, routed by SNI without a VirtualService.</summary>
    [EnumMember(Value = "AUTO_PASSTHROUGH")]
    AutoPassthrough = 3,

    /// <summary>Mutual TLS with Istio-issued certificates.</summary>
    [EnumMember(Value = "ISTIO_MUTUAL")]
    IstioMutual = 4,

    /// <summary>Terminate TLS and verify a client certificate only if one is presented.</summary>
    [EnumMember(Value = "OPTIONAL_MUTUAL")]
    OptionalMutual = 5,
}
