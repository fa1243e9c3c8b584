using MeshLib.Model.Gateways;

namespace MeshLib.Tests.Model.Gateways;

public class GatewayNamesTests
{
    [Theory]
    [InlineData("bookinfo-gateway", "default", "default/bookinfo-gateway")]
    [InlineData("istio-system/ingress", "default", "istio-system/ingress")]
    [InlineData("./ingress", "shop", "shop/ingress")]
    [InlineData("ingress.istio-system", "default", "istio-system/ingress")]
    [InlineData("ingress.istio-system.svc.cluster.local", "default", "istio-system/ingress")]
    public void Resolve_ReadsEveryFormAsNamespaceSlashName(string name, string ns, string expected) =>
        Assert.Equal(expected, GatewayNames.Resolve(name, ns));

    [Fact]
    public void Include_IgnoresMesh_AndResolvesInTheResourcesNamespace()
    {
        Assert.True(GatewayNames.Include(["mesh", "gw"], "shop/gw", "shop"));
        Assert.False(GatewayNames.Include(["gw"], "istio-system/gw", "shop"));
        Assert.False(GatewayNames.Include(["mesh"], "shop/mesh", "shop"));
        Assert.False(GatewayNames.Include(null, "shop/gw", "shop"));
    }
}
