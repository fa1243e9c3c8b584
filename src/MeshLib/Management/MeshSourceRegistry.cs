namespace MeshLib.Management;

/// <summary>The configuration sources added through <see cref="IMeshBuilder"/>, in the order they were added.</summary>
internal sealed class MeshSourceRegistry
{
    public List<MeshConfigSource> Sources { get; } = [];
}
