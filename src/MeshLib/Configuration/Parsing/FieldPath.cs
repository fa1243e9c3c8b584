namespace MeshLib.Configuration.Parsing;

/// <summary>Builds field paths as messages show them: <c>spec.http[0].route[1].weight</c>, <c>labels["app.kubernetes.io/name"]</c>.</summary>
internal static class FieldPath
{
    /// <summary>The path of field <paramref name="key"/> of the element at <paramref name="path"/>.</summary>
    /// <param name="path">The element's path (empty at the top).</param>
    /// <param name="key">The field's key.</param>
    /// <returns>The field's path.</returns>
    public static string Field(string path, string key) => path.Length == 0 ? key : path + "." + key;

    /// <summary>The path of item <paramref name="index"/> of the list at <paramref name="path"/>.</summary>
    /// <param name="path">The list's path.</param>
    /// <param name="index">The 0-based index.</param>
    /// <returns>The item's path.</returns>
    public static string Index(string path, int index) => $"{path}[{index}]";

    /// <summary>The path of entry <paramref name="key"/> of the map at <paramref name="path"/>; keys that are not plain names are quoted.</summary>
    /// <param name="path">The map's path.</param>
    /// <param name="key">The entry's key.</param>
    /// <returns>The entry's path.</returns>
    public static string MapKey(string path, string key) => IsPlainName(key) ? Field(path, key) : $"{path}[\"{key}\"]";

    private static bool IsPlainName(string key)
    {
        if (key.Length == 0 || !(char.IsAsciiLetter(key[0]) || key[0] == '_'))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
