using System.Runtime.Serialization;

namespace MeshLib.Configuration.ServiceEntry;

/// <summary>Istio <c>ServiceEntry.Resolution</c>: how the proxy resolves endpoint addresses.</summary>
public enum ServiceEntryResolution
{
    /// <summary>Forward to the original destination IP; no endpoints allowed (default).</summary>
    [EnumMember(Value = "NONE")]
    None = 0,

    /// <summary>Use the static endpoint IPs or unix socket paths.</summary>
    [EnumMember(Value = "STATIC")]
    Static = 1,

    /// <summary>Resolve endpoints (or hosts) asynchronously via DNS, using all returned IPs.</summary>
    [EnumMember(Value = "DNS")]
    Dns = 2,

    /// <summary>Resolve via DNS, using the first IP for each new connection.</summary>
    [EnumMember(Value = "DNS_ROUND_ROBIN")]
    DnsRoundRobin = 3,

    /// <summary>Resolve the request's Host or SNI per request; wildcard hosts only.</summary>
    [EnumMember(Value = "DYNAMIC_DNS")]
    DynamicDns = 4,
}
