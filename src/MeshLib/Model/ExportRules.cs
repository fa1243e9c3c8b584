namespace MeshLib.Model;

/// <summary>Istio's <c>exportTo</c> visibility: whether a resource of one namespace is seen by a workload in another.</summary>
internal static class ExportRules
{
    /// <summary>Absent or <c>*</c>: everyone; <c>.</c>: the resource's namespace; <c>~</c>: no one; a name: that namespace.</summary>
    public static bool IsVisible(IReadOnlyList<string>? exportTo, string resourceNamespace, string clientNamespace)
    {
        if (exportTo is null || exportTo.Count == 0)
        {
            return true;
        }

        foreach (var entry in exportTo)
        {
            if (entry == "*" || (entry == "." && resourceNamespace == clientNamespace) || entry == clientNamespace)
            {
                return true;
            }
        }

        return false;
    }
}
