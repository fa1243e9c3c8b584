namespace MeshLib.Configuration;

/// <summary>
/// Base of every configuration record. It carries where the element was written so that errors can name
/// file, line and column; the source takes no part in equality, so the same configuration read from YAML
/// and from appsettings compares equal.
/// </summary>
public abstract record ConfigElement
{
    /// <summary>Where this element (the mapping that holds its fields) starts.</summary>
    public SourceLocation? Source { get; init; }

    /// <summary>Where each field of this element was written, by its camelCase key.</summary>
    public IReadOnlyDictionary<string, SourceLocation>? FieldSources { get; init; }

    /// <summary>The location of <paramref name="field"/> (camelCase key) if known, else of the element.</summary>
    /// <param name="field">The camelCase key of a field of this element.</param>
    /// <returns>The most precise known location, or <see langword="null"/>.</returns>
    public SourceLocation? LocationOf(string field) =>
        FieldSources is not null && FieldSources.TryGetValue(field, out var location) ? location : Source;

    /// <summary>Equality ignores <see cref="Source"/> and <see cref="FieldSources"/>.</summary>
    /// <param name="other">The element to compare with.</param>
    /// <returns><see langword="true"/> when both are of the same record type.</returns>
    public virtual bool Equals(ConfigElement? other) => other is not null && EqualityContract == other.EqualityContract;

    /// <inheritdoc/>
    public override int GetHashCode() => EqualityContract.GetHashCode();
}
