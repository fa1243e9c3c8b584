namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>The gateway test classes share one sidecar (<see cref="GatewayMesh"/>) and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class GatewaySidecarGroup : ICollectionFixture<GatewayMesh>
{
    public const string Name = "gateway sidecar";
}
