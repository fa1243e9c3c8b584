using System.Globalization;

namespace MeshLib.Load;

/// <summary><c>--name value</c> pairs; a name may repeat. Anything else is a usage error.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> args)
    {
        using var items = args.GetEnumerator();
        while (items.MoveNext())
        {
            var name = items.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || !items.MoveNext())
            {
                throw new UsageException($"expected --name value, got '{name}'");
            }

            if (!_values.TryGetValue(name, out var list))
            {
                _values[name] = list = [];
            }

            list.Add(items.Current);
        }
    }

    public IReadOnlyList<string> All(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var list) ? list : [];
    }

    public string? Optional(string name) => All(name) is [.., var last] ? last : null;

    public string Required(string name) => Optional(name) ?? throw new UsageException($"{name} is required");

    public int Int(string name, int fallback) => Optional(name) is { } text ? ParseInt(name, text) : fallback;

    public double Double(string name, double fallback)
    {
        if (Optional(name) is not { } text)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new UsageException($"{name}: '{text}' is not a non-negative number");
    }

    public static int ParseInt(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new UsageException($"{name}: '{text}' is not a non-negative integer");

    /// <summary>Fails on any option the command did not read: a typo must not silently change a measurement.</summary>
    public void RejectUnknown()
    {
        foreach (var name in _values.Keys)
        {
            if (!_read.Contains(name))
            {
                throw new UsageException($"unknown option {name}");
            }
        }
    }
}

/// <summary>A wrong command line; the message says what.</summary>
internal sealed class UsageException(string message) : Exception(message);
