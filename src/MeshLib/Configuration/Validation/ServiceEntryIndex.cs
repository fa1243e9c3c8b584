using MeshLib.Configuration.Resources;
using MeshLib.Configuration.ServiceEntry;

namespace MeshLib.Configuration.Validation;

/// <summary>
/// ServiceEntries by every name their hosts stand for, so that checking each route destination does not scan
/// every entry (10,000 services would make validation quadratic). Wildcard entries are always candidates.
/// </summary>
internal sealed class ServiceEntryIndex
{
    private readonly Dictionary<string, List<int>> _byName = new(StringComparer.Ordinal);
    private readonly List<int> _wildcards = [];
    private readonly List<MeshResource> _entries;

    public ServiceEntryIndex(List<MeshResource> entries, string defaultNamespace)
    {
        _entries = entries;
        for (var i = 0; i < entries.Count; i++)
        {
            var ns = entries[i].NamespaceOr(defaultNamespace);
            foreach (var host in ((ServiceEntryConfig)entries[i].Spec).Hosts ?? [])
            {
                if (host.StartsWith('*'))
                {
                    _wildcards.Add(i);
                    continue;
                }

                foreach (var name in CrossResourceValidator.Names(host, ns))
                {
                    if (!_byName.TryGetValue(name, out var list))
                    {
                        _byName[name] = list = [];
                    }

                    list.Add(i);
                }
            }
        }
    }

    /// <summary>The entries that may define <paramref name="host"/> (referenced from <paramref name="ns"/>), in their original order.</summary>
    public IEnumerable<MeshResource> Candidates(string host, string ns)
    {
        var indexes = new SortedSet<int>(_wildcards);
        foreach (var name in CrossResourceValidator.Names(host, ns))
        {
            if (_byName.TryGetValue(name, out var list))
            {
                indexes.UnionWith(list);
            }
        }

        foreach (var index in indexes)
        {
            yield return _entries[index];
        }
    }
}
