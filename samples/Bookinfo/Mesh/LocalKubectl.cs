using System.Diagnostics;
using System.Globalization;
using MeshLib.Configuration;
using MeshLib.Configuration.Parsing;
using MeshLib.Configuration.Resources;

namespace Bookinfo.Mesh;

/// <summary>
/// The local <c>kubectl</c>: the mesh directory every sidecar watches (<c>AddYamlFile(dir, reloadOnChange: true)</c>)
/// is the "API server", holding one file per resource named <c>kind.namespace.name.yaml</c> with the resource's text
/// as written in the applied file. <c>apply</c> writes (atomically: temp file, then rename) the documents that change,
/// prints <c>created</c> / <c>configured</c> / <c>unchanged</c> and a <c>kubectl diff</c>-style unified diff, then
/// waits until every sidecar — a mesh in an app (<see cref="InProcessSidecar"/>) or a sidecar process
/// (<see cref="MeshSidecarProcess"/>, asked through its <c>/config_dump</c>) — has exactly the new resources in force.
/// </summary>
public sealed class LocalKubectl
{
    private const string DefaultNamespace = "default";

    // How often the sidecars are asked whether a change is in force.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private readonly Dictionary<ResourceKey, LiveObject> _live = [];
    private readonly List<ISidecar> _sidecars = [];
    private readonly TextWriter _out;

    /// <summary>Creates the store over an empty directory.</summary>
    /// <param name="directory">The watched mesh directory.</param>
    /// <param name="output">Where commands and their output are printed.</param>
    public LocalKubectl(string directory, TextWriter output)
    {
        Directory = directory;
        _out = output;
        System.IO.Directory.CreateDirectory(directory);
    }

    /// <summary>The watched mesh directory.</summary>
    public string Directory { get; }

    /// <summary>How long to wait for the sidecars to take a change.</summary>
    public TimeSpan WaitLimit { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Registers a sidecar that must have each change in force before the change counts as applied.</summary>
    public void AddSidecar(ISidecar sidecar) => _sidecars.Add(sidecar);

    /// <summary><c>kubectl apply -f</c>: creates or replaces each resource of <paramref name="yaml"/>.</summary>
    /// <param name="displayPath">The file name printed (and named in errors).</param>
    /// <param name="yaml">The YAML text (possibly a --fast scaled copy).</param>
    /// <param name="quiet">Print nothing (the runner's own setup).</param>
    /// <returns>Whether anything changed.</returns>
    public async Task<bool> ApplyAsync(string displayPath, string yaml, bool quiet = false)
    {
        var documents = Parse(displayPath, yaml);
        var writes = new List<(ResourceKey Key, LiveObject? Old, LiveObject New)>();
        foreach (var document in documents)
        {
            if (document.Resource is null)
            {
                if (!quiet)
                {
                    _out.WriteLine($"{document.Skipped} (not a networking.istio.io kind: nothing for the mesh to apply)");
                }

                continue;
            }

            var key = ResourceKey.Of(document.Resource);
            _live.TryGetValue(key, out var old);
            var updated = new LiveObject(document.Resource, document.Text);

            // Several documents of one file may name the same object: the last one wins, as kubectl apply.
            writes.RemoveAll(w => w.Key == key);
            writes.Add((key, old, updated));
        }

        var changed = writes.Where(w => w.Old is null || !w.Old.Resource.Equals(w.New.Resource)).ToList();
        if (!quiet)
        {
            foreach (var (key, old, updated) in changed.Where(w => w.Old is not null))
            {
                PrintDiff(key, old!.Resource, updated.Resource);
            }

            foreach (var (key, old, updated) in writes)
            {
                var verb = old is null ? "created" : old.Resource.Equals(updated.Resource) ? "unchanged" : "configured";
                _out.WriteLine($"{key.Display} {verb}");
            }
        }

        if (changed.Count == 0)
        {
            return false;
        }

        foreach (var (key, _, updated) in changed)
        {
            Write(key, updated.Text);
            _live[key] = updated;
        }

        await WaitInForceAsync(changed.ToDictionary(c => c.Key, c => (MeshResource?)c.New.Resource), quiet);
        return true;
    }

    /// <summary><c>kubectl delete -f</c>: deletes each resource of <paramref name="yaml"/>.</summary>
    /// <param name="displayPath">The file name printed (and named in errors).</param>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="quiet">Print nothing (the runner's own clean-up).</param>
    /// <returns>Whether anything was deleted.</returns>
    public async Task<bool> DeleteAsync(string displayPath, string yaml, bool quiet = false)
    {
        var removed = new Dictionary<ResourceKey, MeshResource?>();
        foreach (var document in Parse(displayPath, yaml).Where(d => d.Resource is not null))
        {
            var key = ResourceKey.Of(document.Resource!);
            var deleted = _live.Remove(key);
            if (deleted)
            {
                File.Delete(Path.Combine(Directory, key.FileName));
                removed[key] = null;
            }

            if (!quiet)
            {
                _out.WriteLine(deleted
                    ? $"{key.Kind}.networking.istio.io \"{key.Name}\" deleted"
                    : $"Error from server (NotFound): {key.Kind}s.networking.istio.io \"{key.Name}\" not found");
            }
        }

        if (removed.Count == 0)
        {
            return false;
        }

        await WaitInForceAsync(removed, quiet);
        return true;
    }

    /// <summary><c>kubectl delete KIND NAME</c>.</summary>
    public async Task<bool> DeleteAsync(ResourceKind kind, string name)
    {
        var key = new ResourceKey(kind, DefaultNamespace, name);
        if (!_live.Remove(key))
        {
            _out.WriteLine($"Error from server (NotFound): {key.Kind}s.networking.istio.io \"{name}\" not found");
            return false;
        }

        File.Delete(Path.Combine(Directory, key.FileName));
        _out.WriteLine($"{key.Kind}.networking.istio.io \"{name}\" deleted");
        await WaitInForceAsync(new Dictionary<ResourceKey, MeshResource?> { [key] = null }, quiet: false);
        return true;
    }

    /// <summary>
    /// Brings the live configuration to exactly the resources of <paramref name="sources"/> (later documents win),
    /// deleting any other resource: the precondition of a walkthrough step that is run on its own.
    /// </summary>
    /// <returns>Whether anything changed.</returns>
    public async Task<bool> ConvergeAsync(string label, IEnumerable<(string DisplayPath, string Yaml)> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var desired = new Dictionary<ResourceKey, LiveObject>();
        foreach (var (path, yaml) in sources)
        {
            foreach (var document in Parse(path, yaml).Where(d => d.Resource is not null))
            {
                desired[ResourceKey.Of(document.Resource!)] = new LiveObject(document.Resource!, document.Text);
            }
        }

        var changes = new Dictionary<ResourceKey, MeshResource?>();
        var lines = new List<string>();
        foreach (var key in _live.Keys.Where(k => !desired.ContainsKey(k)).ToList())
        {
            _live.Remove(key);
            File.Delete(Path.Combine(Directory, key.FileName));
            changes[key] = null;
            lines.Add($"{key.Display} deleted");
        }

        foreach (var (key, wanted) in desired)
        {
            if (_live.TryGetValue(key, out var old) && old.Resource.Equals(wanted.Resource))
            {
                continue;
            }

            Write(key, wanted.Text);
            _live[key] = wanted;
            changes[key] = wanted.Resource;
            lines.Add($"{key.Display} {(old is null ? "created" : "configured")}");
        }

        if (changes.Count == 0)
        {
            return false;
        }

        _out.WriteLine($"  (precondition: {label})");
        foreach (var line in lines.Where(l => !l.StartsWith("workloadentry", StringComparison.Ordinal) && !l.StartsWith("serviceentry", StringComparison.Ordinal)))
        {
            _out.WriteLine($"  {line}");
        }

        await WaitInForceAsync(changes, quiet: false);
        return true;
    }

    private void PrintDiff(ResourceKey key, MeshResource live, MeshResource merged)
    {
        var name = $"{live.ApiVersion.Replace('/', '.')}.{live.Kind}.{key.Namespace}.{key.Name}";
        _out.WriteLine($"diff -u -N LIVE/{name} MERGED/{name}");
        _out.Write(UnifiedDiff.Create($"LIVE/{name}", $"MERGED/{name}", Render(live), Render(merged)));
    }

    private static string Render(MeshResource resource) => ConfigWriter.ToYaml(resource).Replace("\r\n", "\n", StringComparison.Ordinal);

    private void Write(ResourceKey key, string text)
    {
        var target = Path.Combine(Directory, key.FileName);
        var temporary = Path.Combine(Directory, $".{key.FileName}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temporary, text);
        File.Move(temporary, target, overwrite: true);
    }

    private async Task WaitInForceAsync(IReadOnlyDictionary<ResourceKey, MeshResource?> expected, bool quiet)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // Sidecar processes pick a change up from their own file watcher; ask every one what it has in force.
            var configs = await Task.WhenAll(_sidecars.Select(s => s.ReadConfigAsync(CancellationToken.None)));
            var pending = _sidecars.Zip(configs).Where(p => !Holds(p.Second, expected)).ToList();
            if (pending.Count == 0)
            {
                if (!quiet)
                {
                    var versions = string.Join(", ", _sidecars.Zip(configs).Select(p => $"{p.First.Name} v{p.Second.Version}"));
                    _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  (in force on every sidecar after {clock.Elapsed.TotalMilliseconds:0} ms: {versions})"));
                }

                return;
            }

            if (clock.Elapsed > WaitLimit)
            {
                var errors = pending.SelectMany(p => p.Second.Errors).Distinct().ToList();
                throw new InvalidOperationException(
                    $"the change was not in force on {string.Join(", ", pending.Select(p => p.First.Name))} after {WaitLimit.TotalSeconds:0} s"
                    + (errors.Count > 0 ? ":\n" + string.Join("\n", errors) : string.Empty));
            }

            await Task.Delay(PollInterval);
        }
    }

    private static bool Holds(SidecarConfig config, IReadOnlyDictionary<ResourceKey, MeshResource?> expected)
    {
        foreach (var (key, resource) in expected)
        {
            var current = config.Resources.LastOrDefault(r => ResourceKey.Of(r, config.Namespace) == key);
            if (resource is null ? current is not null : current is null || !current.Equals(resource))
            {
                return false;
            }
        }

        return true;
    }

    private static List<Document> Parse(string displayPath, string yaml)
    {
        var whole = MeshConfigLoader.LoadYaml(yaml, displayPath);
        if (whole.HasErrors)
        {
            throw new InvalidOperationException(
                $"error: error validating \"{displayPath}\":\n" + string.Join("\n", whole.Diagnostics.Select(d => d.ToString())));
        }

        var documents = new List<Document>();
        foreach (var text in SplitDocuments(yaml))
        {
            var loaded = MeshConfigLoader.LoadYaml(text, displayPath);
            foreach (var resource in loaded.Resources)
            {
                documents.Add(new Document(resource, loaded.Resources.Count == 1 ? text : ConfigWriter.ToYaml(resource), null));
            }

        }

        // Messages about skipped kinds come from the whole file, so that their line numbers are the file's.
        documents.AddRange(whole.Skipped.Select(skipped => new Document(null, string.Empty, skipped)));
        return documents;
    }

    private static IEnumerable<string> SplitDocuments(string yaml)
    {
        var current = new List<string>();
        foreach (var line in yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.TrimEnd() == "---")
            {
                if (current.Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')))
                {
                    yield return string.Join('\n', current) + "\n";
                }

                current.Clear();
                continue;
            }

            current.Add(line);
        }

        if (current.Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')))
        {
            yield return string.Join('\n', current) + "\n";
        }
    }

    private sealed record Document(MeshResource? Resource, string Text, string? Skipped);

    private sealed record LiveObject(MeshResource Resource, string Text);

    private readonly record struct ResourceKey(ResourceKind ResourceKind, string Namespace, string Name)
    {
        public string Kind => ResourceKind.ToString().ToLowerInvariant();

        public string Display => $"{Kind}.networking.istio.io/{Name}";

        public string FileName => $"{Kind}.{Namespace}.{Name}.yaml";

        public static ResourceKey Of(MeshResource resource, string defaultNamespace = DefaultNamespace) =>
            new(resource.Kind, resource.NamespaceOr(defaultNamespace), resource.Metadata.Name ?? string.Empty);
    }
}
