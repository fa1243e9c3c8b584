namespace MeshLib.Configuration.ServiceEntry;

/// <summary>Istio <c>ServicePort</c>: a port of a ServiceEntry service.</summary>
public sealed record ServicePortConfig : ConfigElement
{
    /// <summary>Port number (1–65535); required and unique.</summary>
    public uint? Number { get; init; }

    /// <summary>HTTP, HTTPS, GRPC, HTTP2, MONGO, TCP or TLS; empty means protocol sniffing.</summary>
    public string? Protocol { get; init; }

    /// <summary>Port name (DNS label); required and unique.</summary>
    public string? Name { get; init; }

    /// <summary>Port on the endpoints receiving the traffic; default <c>number</c>.</summary>
    public uint? TargetPort { get; init; }
}
