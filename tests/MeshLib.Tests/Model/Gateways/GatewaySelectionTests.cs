using MeshLib.Configuration;
using MeshLib.Configuration.Gateway;
using MeshLib.Model.Gateways;

namespace MeshLib.Tests.Model.Gateways;

public class GatewaySelectionTests
{
    private static GatewayConfig WithSelector(params (string Key, string Value)[] selector) => new()
    {
        Selector = selector.Length == 0 ? null : new EquatableDictionary<string>(selector.Select(p => KeyValuePair.Create(p.Key, p.Value))),
    };

    private static MeshOptions Labelled(params (string Key, string Value)[] labels)
    {
        var options = new MeshOptions();
        foreach (var (key, value) in labels)
        {
            options.WorkloadLabels[key] = value;
        }

        return options;
    }

    [Fact]
    public void UnlabelledWorkload_ServesEveryGateway()
    {
        Assert.True(GatewaySelection.Serves(WithSelector(("istio", "ingressgateway")), Labelled()));
    }

    [Fact]
    public void GatewayWithoutSelector_IsServedByEveryWorkload()
    {
        Assert.True(GatewaySelection.Serves(WithSelector(), Labelled(("app", "reviews"))));
    }

    [Fact]
    public void Selector_MustMatchEveryPair_OtherLabelsDoNotMatter()
    {
        var gateway = WithSelector(("istio", "ingressgateway"), ("zone", "a"));
        Assert.True(GatewaySelection.Serves(gateway, Labelled(("istio", "ingressgateway"), ("zone", "a"), ("app", "gw"))));
        Assert.False(GatewaySelection.Serves(gateway, Labelled(("istio", "ingressgateway"))));
        Assert.False(GatewaySelection.Serves(gateway, Labelled(("istio", "egressgateway"), ("zone", "a"))));
    }
}
