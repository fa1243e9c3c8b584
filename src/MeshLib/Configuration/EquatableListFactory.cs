namespace MeshLib.Configuration;

/// <summary>Builds <see cref="EquatableList{T}"/> from collection expressions (<c>list ?? []</c>).</summary>
public static class EquatableList
{
    /// <summary>Creates a list holding a copy of <paramref name="items"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements, in order.</param>
    /// <returns>The list.</returns>
    public static EquatableList<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray());
}
