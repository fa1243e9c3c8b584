using MeshLib.Configuration;
using MeshLib.Configuration.Resources;

namespace MeshLib.Tests.Configuration.Parsing;

public class ResourceReaderTests
{
    private static ConfigLoadResult Load(string yaml) => MeshConfigLoader.LoadYaml(yaml, "r.yaml", ParsingTestSupport.TestSpecs);

    [Fact]
    public void Read_Resource_BindsEnvelopeMetadataAndSpec()
    {
        var result = Load("""
            apiVersion: networking.istio.io/v1beta1
            kind: VirtualService
            metadata:
              name: reviews
              namespace: bookinfo
              labels: {app: reviews}
            spec:
              hosts: [reviews]
            status: {anything: [goes]}
            """);

        Assert.False(result.HasErrors, ParsingTestSupport.Errors(result.Diagnostics));
        var resource = Assert.Single(result.Resources);
        Assert.Equal("networking.istio.io/v1beta1", resource.ApiVersion);
        Assert.Equal(ResourceKind.VirtualService, resource.Kind);
        Assert.Equal(new ObjectMetaConfig { Name = "reviews", Namespace = "bookinfo", Labels = new([new("app", "reviews")]) }, resource.Metadata);
        Assert.Equal(new TestSpecConfig { Hosts = new(["reviews"]) }, resource.Spec);
        Assert.Equal(new SourceLocation("r.yaml", 1, 1), resource.Source);
        Assert.Equal(new SourceLocation("r.yaml", 7, 1), resource.LocationOf("spec"));
    }

    [Theory]
    [InlineData("networking.istio.io/v1")]
    [InlineData("networking.istio.io/v1beta1")]
    [InlineData("networking.istio.io/v1alpha3")]
    public void Read_AllThreeApiVersions_AreAccepted(string apiVersion)
    {
        var result = Load($"apiVersion: {apiVersion}\nkind: DestinationRule\nmetadata: {{name: r}}\nspec: {{}}\n");

        Assert.Equal(ResourceKind.DestinationRule, Assert.Single(result.Resources).Kind);
    }

    [Fact]
    public void Read_MultipleDocumentsAndList_ReadEveryResourceInOrder()
    {
        var result = Load("""
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: g}
            ---
            apiVersion: v1
            kind: List
            metadata: {resourceVersion: ""}
            items:
            - apiVersion: networking.istio.io/v1
              kind: ServiceEntry
              metadata: {name: se}
            - apiVersion: v1
              kind: Service
              metadata: {name: svc}
            - apiVersion: networking.istio.io/v1
              kind: WorkloadEntry
              metadata: {name: we}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: vs}
            spec: {hosts: [a]}
            """);

        Assert.False(result.HasErrors, ParsingTestSupport.Errors(result.Diagnostics));
        Assert.Equal(["g", "se", "we", "vs"], result.Resources.Select(r => r.Metadata.Name));
        Assert.Equal(
            [ResourceKind.Gateway, ResourceKind.ServiceEntry, ResourceKind.WorkloadEntry, ResourceKind.VirtualService],
            result.Resources.Select(r => r.Kind));
        Assert.Equal(new TestSpecConfig(), result.Resources[0].Spec);
    }

    [Fact]
    public void Read_KubernetesKinds_AreSkippedNotErrors()
    {
        var result = Load("""
            apiVersion: v1
            kind: Service
            metadata: {name: details}
            spec: {ports: [{port: 9080}]}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: details-v1}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: k8s-gateway}
            spec: {gatewayClassName: istio}
            ---
            apiVersion: networking.istio.io/v1alpha3
            kind: EnvoyFilter
            metadata: {name: ef}
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.Resources);
        Assert.Equal(
            [
                "r.yaml:1:1: skipped v1 Service \"details\"",
                "r.yaml:6:1: skipped apps/v1 Deployment \"details-v1\"",
                "r.yaml:10:1: skipped gateway.networking.k8s.io/v1 Gateway \"k8s-gateway\"",
                "r.yaml:15:1: skipped networking.istio.io/v1alpha3 EnvoyFilter \"ef\"",
            ],
            result.Skipped);
    }

    [Fact]
    public void Read_OurKindUnderAnotherGroup_IsAnError()
    {
        var result = Load("apiVersion: networking.istio.com/v1\nkind: VirtualService\nmetadata: {name: reviews}\n");

        Assert.Empty(result.Resources);
        Assert.Equal(
            "r.yaml:1:13: error: VirtualService/default/reviews: apiVersion: apiVersion \"networking.istio.com/v1\" is not supported for VirtualService, "
            + "expected one of networking.istio.io/v1, networking.istio.io/v1beta1, networking.istio.io/v1alpha3",
            Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void Read_UnknownVersionOfOurGroup_IsAnError()
    {
        var result = Load("apiVersion: networking.istio.io/v2\nkind: Gateway\nmetadata: {name: g}\n");

        Assert.Contains("apiVersion \"networking.istio.io/v2\" is not supported", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingKindOrApiVersion_IsAnError()
    {
        var result = Load("apiVersion: networking.istio.io/v1\nmetadata: {name: a}\n---\nkind: VirtualService\nmetadata: {name: b}\n");

        Assert.Equal(
            ["r.yaml:1:1: error: missing field \"kind\"", "r.yaml:4:1: error: VirtualService/default/b: missing field \"apiVersion\""],
            result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Read_UnknownEnvelopeField_IsAnError()
    {
        var result = Load("apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: a, namespace: prod}\nspecs: {}\n");

        Assert.Empty(result.Resources);
        Assert.Equal("r.yaml:4:1: error: VirtualService/prod/a: unknown field \"specs\"", Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void Read_UnknownMetadataField_IsAnError()
    {
        var result = Load("apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: a\n  nmespace: prod\n");

        Assert.Equal("r.yaml:5:3: error: VirtualService/default/a: metadata: unknown field \"nmespace\"", Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void Read_MissingName_IsAnError()
    {
        var result = Load("apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  namespace: x\nspec: {}\n");

        Assert.Equal("r.yaml:4:3: error: VirtualService: metadata.name: Required value: name is required", Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void Read_SpecErrors_LeaveTheResourceOutAndOthersIn()
    {
        var result = Load("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: bad}
            spec: {hosts: [a], port: x}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: good}
            """);

        Assert.True(result.HasErrors);
        Assert.Equal("good", Assert.Single(result.Resources).Metadata.Name);
        Assert.Equal("r.yaml:4:26: error: VirtualService/default/bad: spec.port: expected a uint32, got \"x\"", Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void Read_DocumentThatIsNotAnObject_IsAnError()
    {
        var result = Load("- a\n- b\n");

        Assert.Equal(
            "r.yaml:1:1: error: expected a resource (an object with apiVersion and kind), got a list",
            Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void Read_ListWithUnknownFieldOrBadItems_IsAnError()
    {
        var result = Load("apiVersion: v1\nkind: List\nitem: []\n---\napiVersion: v1\nkind: List\nitems: {a: b}\n");

        Assert.Equal(
            ["r.yaml:3:1: error: List: unknown field \"item\"", "r.yaml:7:8: error: List: items: expected a list, got an object"],
            result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Read_RealSpecTypes_AreTheDefault()
    {
        var result = MeshConfigLoader.LoadYaml("apiVersion: networking.istio.io/v1\nkind: WorkloadEntry\nmetadata: {name: w}\nspec: {}\n");

        Assert.Equal(typeof(MeshLib.Configuration.WorkloadEntry.WorkloadEntryConfig), Assert.Single(result.Resources).Spec.GetType());
    }
}
