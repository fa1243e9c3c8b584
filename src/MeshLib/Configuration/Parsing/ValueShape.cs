using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace MeshLib.Configuration.Parsing;

/// <summary>
/// How to read and write one property type: its <see cref="ValueShapeKind"/> plus what that kind needs
/// (element shape, enum names, record metadata, list and map factories). Built once per type and cached.
/// </summary>
internal sealed class ValueShape
{
    private static readonly ConcurrentDictionary<Type, ValueShape> Cache = new();

    private static readonly MethodInfo MakeListMethod =
        typeof(ValueShape).GetMethod(nameof(MakeList), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo MakeMapMethod =
        typeof(ValueShape).GetMethod(nameof(MakeMap), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo ReadMapMethod =
        typeof(ValueShape).GetMethod(nameof(ReadMap), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Lazy<ConfigTypeInfo>? _record;

    private ValueShape(ValueShapeKind kind, Type type, string expected)
    {
        Kind = kind;
        Type = type;
        Expected = expected;
    }

    private ValueShape(Type type, ValueShape element, bool isMap)
        : this(isMap ? ValueShapeKind.Map : ValueShapeKind.List, type, isMap ? "an object" : "a list")
    {
        Element = element;
        if (isMap)
        {
            MapFactory = MakeMapMethod.MakeGenericMethod(element.Type)
                .CreateDelegate<Func<List<KeyValuePair<string, object?>>, object>>();
            MapEntries = ReadMapMethod.MakeGenericMethod(element.Type)
                .CreateDelegate<Func<object, IEnumerable<KeyValuePair<string, object?>>>>();
        }
        else
        {
            ListFactory = MakeListMethod.MakeGenericMethod(element.Type).CreateDelegate<Func<List<object?>, object>>();
        }
    }

    private ValueShape(Type type, EnumValues values)
        : this(ValueShapeKind.Enum, type, values.Expected) => Enum = values;

    private ValueShape(Type type, Lazy<ConfigTypeInfo> record)
        : this(ValueShapeKind.Record, type, "an object") => _record = record;

    /// <summary>What the property holds.</summary>
    public ValueShapeKind Kind { get; }

    /// <summary>The value type (nullable value types unwrapped).</summary>
    public Type Type { get; }

    /// <summary>What a message says was expected: <c>a string</c>, <c>an int32</c>, <c>one of A, B</c>.</summary>
    public string Expected { get; }

    /// <summary>The element shape of a list, or the value shape of a map.</summary>
    public ValueShape? Element { get; }

    /// <summary>The names of an enum.</summary>
    public EnumValues? Enum { get; }

    /// <summary>The metadata of a nested record.</summary>
    public ConfigTypeInfo? Record => _record?.Value;

    /// <summary>Builds the <see cref="EquatableList{T}"/> of a list shape from read items.</summary>
    public Func<List<object?>, object>? ListFactory { get; }

    /// <summary>Builds the <see cref="EquatableDictionary{TValue}"/> of a map shape from read entries.</summary>
    public Func<List<KeyValuePair<string, object?>>, object>? MapFactory { get; }

    /// <summary>Lists the entries of a map value, for writing.</summary>
    public Func<object, IEnumerable<KeyValuePair<string, object?>>>? MapEntries { get; }

    /// <summary>The shape of <paramref name="type"/>.</summary>
    /// <param name="type">A property type.</param>
    /// <returns>The cached shape.</returns>
    /// <exception cref="InvalidOperationException">The type is not one a configuration record may use.</exception>
    public static ValueShape For(Type type) => Cache.GetOrAdd(type, Create);

    private static ValueShape Create(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string))
        {
            return new ValueShape(ValueShapeKind.String, t, "a string");
        }

        if (t == typeof(bool))
        {
            return new ValueShape(ValueShapeKind.Boolean, t, "a boolean (true or false)");
        }

        if (t == typeof(int))
        {
            return new ValueShape(ValueShapeKind.Int32, t, "an int32");
        }

        if (t == typeof(uint))
        {
            return new ValueShape(ValueShapeKind.UInt32, t, "a uint32");
        }

        if (t == typeof(long))
        {
            return new ValueShape(ValueShapeKind.Int64, t, "an int64");
        }

        if (t == typeof(ulong))
        {
            return new ValueShape(ValueShapeKind.UInt64, t, "a uint64");
        }

        if (t == typeof(double))
        {
            return new ValueShape(ValueShapeKind.Double, t, "a number");
        }

        if (t == typeof(Duration))
        {
            return new ValueShape(ValueShapeKind.Duration, t, "a duration");
        }

        if (t.IsEnum)
        {
            return new ValueShape(t, new EnumValues(t));
        }

        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(EquatableList<>))
        {
            return new ValueShape(t, For(t.GetGenericArguments()[0]), isMap: false);
        }

        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(EquatableDictionary<>))
        {
            return new ValueShape(t, For(t.GetGenericArguments()[0]), isMap: true);
        }

        if (typeof(ConfigElement).IsAssignableFrom(t) && !t.IsAbstract)
        {
            // Lazy: a record type may (indirectly) contain itself.
            return new ValueShape(t, new Lazy<ConfigTypeInfo>(() => ConfigTypeInfo.For(t)));
        }

        throw new InvalidOperationException($"configuration property type {type} is not supported");
    }

    private static EquatableList<T> MakeList<T>(List<object?> items) => new EquatableList<T>(items.Cast<T>());

    private static EquatableDictionary<T> MakeMap<T>(List<KeyValuePair<string, object?>> entries) =>
        new EquatableDictionary<T>(entries.Select(e => new KeyValuePair<string, T>(e.Key, (T)e.Value!)));

    private static IEnumerable<KeyValuePair<string, object?>> ReadMap<T>(object map) =>
        ((EquatableDictionary<T>)map).Select(e => new KeyValuePair<string, object?>(e.Key, e.Value));

    /// <summary>The items of a list value, for writing.</summary>
    /// <param name="list">An <see cref="EquatableList{T}"/>.</param>
    /// <returns>The items as objects.</returns>
    public static IEnumerable<object?> ListItems(object list) => ((IEnumerable)list).Cast<object?>();
}
