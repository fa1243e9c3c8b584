namespace MeshLib.Cli.Explain;

/// <summary>The virtual host a request's host selects.</summary>
/// <param name="Host">The host it was built for (FQDN or wildcard).</param>
/// <param name="VirtualService">The VirtualService as <c>VirtualService/namespace/name</c>; null for the default route of a registry service.</param>
/// <param name="Service">For a default route, the ServiceEntry that defines the service (<c>ServiceEntry/namespace/name</c>); otherwise null.</param>
internal sealed record VirtualHostInfo(string Host, string? VirtualService, string? Service);
