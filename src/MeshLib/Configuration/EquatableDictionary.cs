using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace MeshLib.Configuration;

/// <summary>
/// An immutable string-keyed map with structural equality that keeps the order in which keys were written
/// (header operations and labels are applied and printed in that order).
/// </summary>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class EquatableDictionary<TValue> : IReadOnlyDictionary<string, TValue>, IEquatable<EquatableDictionary<TValue>>
{
    private readonly KeyValuePair<string, TValue>[] _entries;
    private readonly Dictionary<string, TValue> _lookup;

    /// <summary>Creates a map from <paramref name="entries"/>; a later duplicate key replaces the earlier value.</summary>
    /// <param name="entries">The entries, in written order.</param>
    public EquatableDictionary(IEnumerable<KeyValuePair<string, TValue>> entries)
    {
        _lookup = new Dictionary<string, TValue>(StringComparer.Ordinal);
        var ordered = new List<KeyValuePair<string, TValue>>();
        foreach (var entry in entries)
        {
            if (_lookup.ContainsKey(entry.Key))
            {
                ordered.RemoveAll(e => e.Key == entry.Key);
            }

            _lookup[entry.Key] = entry.Value;
            ordered.Add(entry);
        }

        _entries = [.. ordered];
    }


    /// <inheritdoc/>
    public TValue this[string key] => _lookup[key];

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <inheritdoc/>
    public IEnumerable<TValue> Values => _entries.Select(e => e.Value);

    /// <inheritdoc/>
    public int Count => _entries.Length;

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _lookup.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value) => _lookup.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, TValue>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _entries.GetEnumerator();

    /// <summary>Maps are equal when they hold the same keys with equal values, whatever the order.</summary>
    /// <param name="other">The map to compare with.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(EquatableDictionary<TValue>? other)
    {
        if (other is null || other.Count != Count)
        {
            return false;
        }

        foreach (var (key, value) in _entries)
        {
            if (!other._lookup.TryGetValue(key, out var otherValue) || !EqualityComparer<TValue>.Default.Equals(value, otherValue))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EquatableDictionary<TValue> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var (key, value) in _entries)
        {
            hash ^= HashCode.Combine(key, value);
        }

        return hash;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{{{string.Join(", ", _entries.Select(e => $"{e.Key}: {e.Value}"))}}}";
}
