using MeshLib.Configuration;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.Validation;
using MeshLib.Model;
using MeshLib.Model.Compilation;
using MeshLib.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace MeshLib.Management;

/// <summary>
/// Load → validate → compile → swap. Holds the current <see cref="MeshSnapshot"/>; each request reads it once.
/// A change that fails to load or validate is logged with file:line and the last good snapshot stays in force.
/// </summary>
internal sealed class MeshConfigManager : IDisposable
{
    private readonly IReadOnlyList<MeshConfigSource> _sources;
    private readonly MeshOptions _options;
    private readonly MeshCompiler _compiler;
    private readonly ILogger _logger;
    private readonly MeshMetrics _metrics;
    private readonly IReadOnlyList<IMeshConfigCheck> _checks;
    private readonly Lock _gate = new();
    private readonly List<IDisposable> _watchers = [];
    private MeshSnapshot? _snapshot;
    private long _reloadsApplied;
    private long _reloadsRejected;
    private bool _disposed;

    public MeshConfigManager(
        MeshSourceRegistry sources,
        IOptions<MeshOptions> options,
        MeshCompiler compiler,
        ILogger<MeshConfigManager> logger,
        MeshMetrics metrics,
        IEnumerable<IMeshConfigCheck> checks)
    {
        _metrics = metrics;
        _checks = [.. checks];
        _sources = sources.Sources;
        _options = options.Value;
        _compiler = compiler;
        _logger = logger;
    }

    /// <summary>Raised after a new snapshot is in force.</summary>
    public event Action<MeshSnapshot>? SnapshotChanged;

    /// <summary>The snapshot in force; the first read loads the configuration (and throws if it is invalid).</summary>
    public MeshSnapshot Current => Volatile.Read(ref _snapshot) ?? LoadInitial();

    /// <summary>The problems found by the last load attempt (errors of a failed reload, or warnings of a good one).</summary>
    public IReadOnlyList<ConfigDiagnostic> LastDiagnostics { get; private set; } = [];

    /// <summary>Whether the last reload failed (and the previous snapshot was kept).</summary>
    public bool LastReloadFailed { get; private set; }

    /// <summary>Reloads whose configuration was put in force (the initial load is not counted).</summary>
    public long ReloadsApplied => Interlocked.Read(ref _reloadsApplied);

    /// <summary>Reloads whose configuration was rejected, keeping the last good snapshot.</summary>
    public long ReloadsRejected => Interlocked.Read(ref _reloadsRejected);

    /// <summary>Loads the configuration if not yet loaded and starts watching the sources.</summary>
    /// <returns>The snapshot in force.</returns>
    /// <exception cref="MeshConfigurationException">The initial configuration is invalid.</exception>
    public MeshSnapshot LoadInitial()
    {
        lock (_gate)
        {
            if (_snapshot is not null)
            {
                return _snapshot;
            }

            ObjectDisposedException.ThrowIf(_disposed, this);
            var (snapshot, diagnostics) = Build(previous: null);
            LastDiagnostics = diagnostics;
            if (snapshot is null)
            {
                _metrics.ConfigReloaded(ok: false);
                throw new MeshConfigurationException(diagnostics);
            }

            LogWarnings(diagnostics);
            Volatile.Write(ref _snapshot, snapshot);
            StartWatching();
            ManagementLog.Loaded(_logger, snapshot.Version, snapshot.ResourceCount);
            _metrics.ConfigReloaded(ok: true);
            return snapshot;
        }
    }

    /// <summary>Reads every source again and swaps in the new snapshot if it is valid.</summary>
    /// <returns><see langword="true"/> when the new configuration is in force.</returns>
    public bool Reload()
    {
        MeshSnapshot applied;
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            var previous = _snapshot;
            var (snapshot, diagnostics) = Build(previous);
            LastDiagnostics = diagnostics;
            if (snapshot is null)
            {
                LastReloadFailed = true;
                Interlocked.Increment(ref _reloadsRejected);
                foreach (var error in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
                {
                    ManagementLog.ReloadRejected(_logger, error.ToString());
                }

                ManagementLog.KeptLastGood(_logger, previous?.Version ?? 0);
                _metrics.ConfigReloaded(ok: false);
                return false;
            }

            LastReloadFailed = false;
            Interlocked.Increment(ref _reloadsApplied);
            LogWarnings(diagnostics);
            Volatile.Write(ref _snapshot, snapshot);
            applied = snapshot;
            ManagementLog.Reloaded(_logger, snapshot.Version, snapshot.ResourceCount);
            _metrics.ConfigReloaded(ok: true);
        }

        SnapshotChanged?.Invoke(applied);
        return true;
    }

    private (MeshSnapshot? Snapshot, IReadOnlyList<ConfigDiagnostic> Diagnostics) Build(MeshSnapshot? previous)
    {
        var diagnostics = new List<ConfigDiagnostic>();
        var resources = new List<MeshResource>();
        var defaultNamespace = _options.Namespace;
        foreach (var source in _sources)
        {
            var loaded = source.Load(defaultNamespace);
            diagnostics.AddRange(loaded.Diagnostics);
            resources.AddRange(loaded.Resources);
        }

        diagnostics.AddRange(MeshConfigValidator.Validate(resources, defaultNamespace));
        foreach (var check in _checks)
        {
            check.Check(resources, defaultNamespace, diagnostics);
        }

        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return (null, diagnostics);
        }

        return (_compiler.Compile(ResourceOrder.KeepLastDefinitions(resources, defaultNamespace), diagnostics), diagnostics);
    }

    private void StartWatching()
    {
        foreach (var source in _sources)
        {
            if (source.Watch() is null)
            {
                continue;
            }

            _watchers.Add(ChangeToken.OnChange(source.Watch, () => Reload()));
        }
    }

    private void LogWarnings(IReadOnlyList<ConfigDiagnostic> diagnostics)
    {
        foreach (var warning in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning))
        {
            ManagementLog.ConfigurationWarning(_logger, warning.ToString());
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var watcher in _watchers)
            {
                watcher.Dispose();
            }

            _watchers.Clear();
        }

        foreach (var source in _sources.OfType<IDisposable>())
        {
            source.Dispose();
        }
    }
}
