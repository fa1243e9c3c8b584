using MeshLib.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace MeshLib.Management;

/// <summary>Resources from a YAML/JSON file or a directory of them, optionally watched for changes.</summary>
internal sealed class YamlFileSource(string path, bool reloadOnChange) : MeshConfigSource, IDisposable
{
    private PhysicalFileProvider? _provider;

    public string Path { get; } = path;

    public override ConfigLoadResult Load(string defaultNamespace) => MeshConfigLoader.LoadPaths([Path], defaultNamespace);

    public override IChangeToken? Watch()
    {
        if (!reloadOnChange)
        {
            return null;
        }

        var full = System.IO.Path.GetFullPath(Path);
        if (Directory.Exists(full))
        {
            _provider ??= new PhysicalFileProvider(full);
            return new CompositeChangeToken(
            [
                _provider.Watch("**/*.yaml"),
                _provider.Watch("**/*.yml"),
                _provider.Watch("**/*.json"),
            ]);
        }

        // A single file: watch it by name in its folder, so that replacing it (as editors and kubectl-style tools do) is seen.
        var folder = System.IO.Path.GetDirectoryName(full)!;
        _provider ??= new PhysicalFileProvider(folder);
        return _provider.Watch(System.IO.Path.GetFileName(full));
    }

    public void Dispose() => _provider?.Dispose();
}
