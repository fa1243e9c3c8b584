namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>One sidecar (ALLOW_ANY) in front of the Bookinfo backends, shared by the tests of a class that do not change its configuration.</summary>
public sealed class BookinfoSidecarFixture : IAsyncLifetime
{
    public BookinfoMesh Mesh { get; private set; } = null!;

    public SidecarProcess Sidecar { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mesh = await BookinfoMesh.StartAsync();
        Sidecar = await SidecarProcess.StartAsync("--config", Mesh.Directory);
    }

    public async Task DisposeAsync()
    {
        await Sidecar.DisposeAsync();
        await Mesh.DisposeAsync();
    }
}
