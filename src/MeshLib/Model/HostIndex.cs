namespace MeshLib.Model;

/// <summary>Finds the virtual host for a request's host name: exact names (case-insensitive), then the most specific wildcard.</summary>
internal sealed class HostIndex
{
    private readonly Dictionary<string, VirtualHostModel> _exact;
    private readonly Dictionary<string, VirtualHostModel>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly VirtualHostModel[] _wildcards;

    public HostIndex(Dictionary<string, VirtualHostModel> exact, IEnumerable<VirtualHostModel> wildcards)
    {
        _exact = new Dictionary<string, VirtualHostModel>(exact, StringComparer.OrdinalIgnoreCase);
        _lookup = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
        _wildcards = [.. wildcards.OrderByDescending(w => w.Host.Length)];
    }

    /// <summary>Every distinct virtual host.</summary>
    public IEnumerable<VirtualHostModel> All => _exact.Values.Concat(_wildcards).Distinct();

    /// <summary>The number of host names indexed.</summary>
    public int Count => _exact.Count + _wildcards.Length;

    /// <summary>The virtual host for <paramref name="host"/> (no port), or null. Allocation-free.</summary>
    public VirtualHostModel? Find(ReadOnlySpan<char> host)
    {
        if (host.EndsWith('.'))
        {
            host = host[..^1];
        }

        if (_lookup.TryGetValue(host, out var virtualHost))
        {
            return virtualHost;
        }

        foreach (var wildcard in _wildcards)
        {
            if (HostNames.WildcardMatches(wildcard.Host, host))
            {
                return wildcard;
            }
        }

        return null;
    }
}
