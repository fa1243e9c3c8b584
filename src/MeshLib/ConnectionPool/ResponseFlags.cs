namespace MeshLib.ConnectionPool;

/// <summary>Envoy response flags (access-log <c>%RESPONSE_FLAGS%</c>) for telemetry; several may apply at once.</summary>
[Flags]
internal enum ResponseFlags
{
    /// <summary>No flag (Envoy prints <c>-</c>).</summary>
    None = 0,

    /// <summary>No healthy upstream host.</summary>
    UH = 1 << 0,

    /// <summary>Upstream connection failure.</summary>
    UF = 1 << 1,

    /// <summary>Upstream overflow (circuit breaking).</summary>
    UO = 1 << 2,

    /// <summary>No route configured for the request.</summary>
    NR = 1 << 3,

    /// <summary>Upstream retry limit exceeded.</summary>
    URX = 1 << 4,

    /// <summary>Upstream cluster not found.</summary>
    NC = 1 << 5,

    /// <summary>The request was delayed by fault injection.</summary>
    DI = 1 << 6,

    /// <summary>The request was aborted by fault injection.</summary>
    FI = 1 << 7,

    /// <summary>Upstream request timeout.</summary>
    UT = 1 << 8,

    /// <summary>Upstream connection termination.</summary>
    UC = 1 << 9,

    /// <summary>Upstream remote reset.</summary>
    UR = 1 << 10,

    /// <summary>Upstream protocol error.</summary>
    UPE = 1 << 11,
}
