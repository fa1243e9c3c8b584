using System.Runtime.Serialization;

namespace MeshLib.Tests.Configuration.Parsing;

public enum TestPolicy
{
    [EnumMember(Value = "UNSPECIFIED")]
    Unspecified = 0,

    [EnumMember(Value = "LEAST_CONN")]
    LeastConn = 1,

    [EnumMember(Value = "ROUND_ROBIN")]
    RoundRobin = 3,
}
