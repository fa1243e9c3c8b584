namespace MeshLib.Configuration.Gateway;

/// <summary>Istio gateway <c>Port</c>: the number, protocol and name of a server port.</summary>
public sealed record GatewayPortConfig : ConfigElement
{
    /// <summary>Port number; required.</summary>
    public uint? Number { get; init; }

    /// <summary>Protocol: HTTP, HTTPS, GRPC, GRPC-WEB, HTTP2, MONGO, TCP or TLS; required.</summary>
    public string? Protocol { get; init; }

    /// <summary>Port name, unique within the gateway; required.</summary>
    public string? Name { get; init; }

    /// <summary>Deprecated port on the endpoint that receives the traffic; default: none.</summary>
    public uint? TargetPort { get; init; }
}
