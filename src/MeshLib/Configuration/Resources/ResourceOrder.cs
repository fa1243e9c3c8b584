namespace MeshLib.Configuration.Resources;

/// <summary>How repeated definitions of one resource combine: the later one replaces the earlier, as <c>kubectl apply</c> does.</summary>
public static class ResourceOrder
{
    /// <summary>
    /// The resources with every repeated <c>Kind/namespace/name</c> reduced to its last definition, which takes the
    /// place of the first in the order (so that "oldest first" rules keep the resource's original position).
    /// </summary>
    /// <param name="resources">The resources in load order.</param>
    /// <param name="defaultNamespace">The namespace of resources whose metadata names none.</param>
    /// <returns>One definition per resource.</returns>
    public static IReadOnlyList<MeshResource> KeepLastDefinitions(IReadOnlyList<MeshResource> resources, string defaultNamespace)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<MeshResource>(resources.Count);
        foreach (var resource in resources)
        {
            var reference = resource.Reference(defaultNamespace);
            if (position.TryGetValue(reference, out var index))
            {
                result[index] = resource;
                continue;
            }

            position.Add(reference, result.Count);
            result.Add(resource);
        }

        return result;
    }
}
