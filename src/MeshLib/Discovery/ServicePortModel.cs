namespace MeshLib.Discovery;

/// <summary>One port of a registry service (ServiceEntry <c>ports[]</c>).</summary>
/// <param name="Number">The service port.</param>
/// <param name="Name">The port name, used by endpoint port maps.</param>
/// <param name="Protocol">The protocol (HTTP, HTTP2, GRPC, TCP ...); empty when unset.</param>
/// <param name="TargetPort">The endpoint port when an endpoint does not map the name.</param>
internal sealed record ServicePortModel(int Number, string Name, string Protocol, int TargetPort);
