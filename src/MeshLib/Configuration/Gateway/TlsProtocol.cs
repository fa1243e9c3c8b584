using System.Runtime.Serialization;

namespace MeshLib.Configuration.Gateway;

/// <summary>Istio <c>ServerTLSSettings.TLSProtocol</c>: a TLS protocol version.</summary>
public enum TlsProtocol
{
    /// <summary>Let the proxy choose (the default).</summary>
    [EnumMember(Value = "TLS_AUTO")]
    TlsAuto = 0,

    /// <summary>TLS 1.0.</summary>
    [EnumMember(Value = "TLSV1_0")]
    TlsV10 = 1,

    /// <summary>TLS 1.1.</summary>
    [EnumMember(Value = "TLSV1_1")]
    TlsV11 = 2,

    /// <summary>TLS 1.2.</summary>
    [EnumMember(Value = "TLSV1_2")]
    TlsV12 = 3,

    /// <summary>TLS 1.3.</summary>
    [EnumMember(Value = "TLSV1_3")]
    TlsV13 = 4,
}
