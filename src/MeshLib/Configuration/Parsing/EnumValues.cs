using System.Globalization;
using System.Reflection;
using System.Runtime.Serialization;

namespace MeshLib.Configuration.Parsing;

/// <summary>The Istio names of an enum's members (<c>[EnumMember(Value = "ROUND_ROBIN")]</c>) in both directions.</summary>
internal sealed class EnumValues
{
    private readonly Dictionary<string, object> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<long, object> _byNumber = [];
    private readonly Dictionary<object, string> _names = [];

    /// <summary>Collects the members of <paramref name="enumType"/>.</summary>
    /// <param name="enumType">The enum type.</param>
    public EnumValues(Type enumType)
    {
        var names = new List<string>();
        foreach (var field in enumType.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var value = field.GetValue(null)!;
            var name = field.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? field.Name;
            _byName[name] = value;
            _byNumber[Convert.ToInt64(value, CultureInfo.InvariantCulture)] = value;
            _names.TryAdd(value, name);
            names.Add(name);
        }

        Expected = "one of " + string.Join(", ", names);
    }

    /// <summary>The allowed names, for messages: <c>one of A, B, C</c>.</summary>
    public string Expected { get; }

    /// <summary>Reads a member by its exact name or by a defined number, as protobuf's JSON reader does.</summary>
    /// <param name="text">The scalar text.</param>
    /// <param name="value">The member.</param>
    /// <returns><see langword="true"/> when the text names a member.</returns>
    public bool TryParse(string text, out object? value)
    {
        if (_byName.TryGetValue(text, out value))
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && _byNumber.TryGetValue(number, out value))
        {
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>The name of <paramref name="value"/> (its number when it is not a defined member).</summary>
    /// <param name="value">A value of the enum.</param>
    /// <returns>The Istio name.</returns>
    public string NameOf(object value) =>
        _names.TryGetValue(value, out var name) ? name : Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
}
