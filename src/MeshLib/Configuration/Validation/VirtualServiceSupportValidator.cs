using MeshLib.Configuration.VirtualService;

namespace MeshLib.Configuration.Validation;

/// <summary>
/// What MeshLib does not serve of a VirtualService that Istio accepts, beyond Istio's own rules
/// (<see cref="VirtualServiceValidator"/>): <c>tls</c> routes (SNI matching) of the mesh.
/// </summary>
internal static class VirtualServiceSupportValidator
{
    /// <summary>Checks <paramref name="spec"/>.</summary>
    /// <param name="ctx">Where problems go.</param>
    /// <param name="spec">The VirtualService spec.</param>
    public static void Validate(ValidationContext ctx, VirtualServiceConfig spec)
    {
        var boundToMesh = spec.Gateways is not { Count: > 0 } gateways || gateways.Contains(VirtualServiceValidator.MeshGateway);
        if (boundToMesh && spec.Tls is { Count: > 0 })
        {
            ctx.Warning(spec, "spec", "tls",
                "tls routes (SNI matching) are not served by MeshLib's sidecar: connections to TLS and HTTPS ports follow the tcp routes, then the service's own cluster");
        }
    }
}
