namespace MeshLib.Configuration.Parsing;

/// <summary>What a configuration property holds, as far as reading and writing are concerned.</summary>
internal enum ValueShapeKind
{
    /// <summary>A string.</summary>
    String,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>A 32-bit signed integer.</summary>
    Int32,

    /// <summary>A 32-bit unsigned integer.</summary>
    UInt32,

    /// <summary>A 64-bit signed integer.</summary>
    Int64,

    /// <summary>A 64-bit unsigned integer.</summary>
    UInt64,

    /// <summary>A double.</summary>
    Double,

    /// <summary>A Go-syntax <see cref="Configuration.Duration"/>.</summary>
    Duration,

    /// <summary>An enum written by its <c>EnumMember</c> names.</summary>
    Enum,

    /// <summary>An <see cref="EquatableList{T}"/>.</summary>
    List,

    /// <summary>An <see cref="EquatableDictionary{TValue}"/> with string keys.</summary>
    Map,

    /// <summary>A nested <see cref="ConfigElement"/> record.</summary>
    Record,
}
