namespace MeshLib.Retries;

/// <summary>Which Polly strategies a route's pipeline contains, outermost first.</summary>
[Flags]
internal enum RouteStrategies
{
    /// <summary>No strategy: the attempt runs directly (the cheap path).</summary>
    None = 0,

    /// <summary>Fault delay (Polly chaos latency).</summary>
    FaultDelay = 1 << 0,

    /// <summary>Fault abort (Polly chaos outcome).</summary>
    FaultAbort = 1 << 1,

    /// <summary>Route timeout covering all attempts.</summary>
    RouteTimeout = 1 << 2,

    /// <summary>Retry.</summary>
    Retry = 1 << 3,

    /// <summary>Per-try timeout.</summary>
    PerTryTimeout = 1 << 4,
}
