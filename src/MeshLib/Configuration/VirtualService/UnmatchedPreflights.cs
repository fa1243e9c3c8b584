using System.Runtime.Serialization;

namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>CorsPolicy.UnmatchedPreflights</c>: handling of preflights whose origin does not match.</summary>
public enum UnmatchedPreflights
{
    /// <summary>Not set; behaves as FORWARD (the default).</summary>
    [EnumMember(Value = "UNSPECIFIED")]
    Unspecified = 0,

    /// <summary>Forward the preflight to the upstream.</summary>
    [EnumMember(Value = "FORWARD")]
    Forward = 1,

    /// <summary>Answer the preflight without CORS headers and do not forward it.</summary>
    [EnumMember(Value = "IGNORE")]
    Ignore = 2,
}
