namespace MeshLib.FunctionalTests.TestSupport;

/// <summary>A fresh directory under the system temp folder, deleted on dispose; files are replaced atomically.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "meshlib-ft-" + Guid.NewGuid().ToString("N"));

    /// <summary>The full path of <paramref name="name"/> in this directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// Writes <paramref name="name"/> atomically (a <c>.tmp</c> file renamed over it), so that a watcher never reads
    /// it half-written. Returns the full path.
    /// </summary>
    public string Write(string name, string text)
    {
        var target = File(name);
        var temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        System.IO.File.WriteAllText(temporary, text);
        System.IO.File.Move(temporary, target, overwrite: true);
        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a watcher may still hold the folder for a moment.
        }
    }
}
