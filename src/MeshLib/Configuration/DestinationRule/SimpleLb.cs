using System.Runtime.Serialization;

namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>LoadBalancerSettings.SimpleLB</c>: load balancing algorithms that need no tuning.</summary>
public enum SimpleLb
{
    /// <summary>Not set; Istio picks the default (LEAST_REQUEST).</summary>
    [EnumMember(Value = "UNSPECIFIED")]
    Unspecified = 0,

    /// <summary>Deprecated alias of LEAST_REQUEST.</summary>
    [EnumMember(Value = "LEAST_CONN")]
    LeastConn = 1,

    /// <summary>Random healthy host.</summary>
    [EnumMember(Value = "RANDOM")]
    Random = 2,

    /// <summary>Forward to the original destination address without load balancing.</summary>
    [EnumMember(Value = "PASSTHROUGH")]
    Passthrough = 3,

    /// <summary>Round robin over healthy hosts.</summary>
    [EnumMember(Value = "ROUND_ROBIN")]
    RoundRobin = 4,

    /// <summary>Favour hosts with fewer outstanding requests (default).</summary>
    [EnumMember(Value = "LEAST_REQUEST")]
    LeastRequest = 5,
}
