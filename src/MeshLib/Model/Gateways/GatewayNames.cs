namespace MeshLib.Model.Gateways;

/// <summary>
/// How a VirtualService names a gateway (Istio's <c>resolveGatewayName</c>): <c>name</c> is a Gateway in the
/// VirtualService's namespace, <c>ns/name</c> (or <c>./name</c>) names the namespace, and the legacy
/// <c>name.ns[.svc.cluster.local]</c> form is read as <c>ns/name</c>. The reserved <c>mesh</c> means every sidecar.
/// </summary>
internal static class GatewayNames
{
    /// <summary>The reserved name for all sidecars.</summary>
    public const string Mesh = "mesh";

    /// <summary>The gateway a VirtualService of <paramref name="resourceNamespace"/> means by <paramref name="name"/>, as <c>ns/name</c>.</summary>
    public static string Resolve(string name, string resourceNamespace)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            return name.AsSpan(0, slash) is "." ? $"{resourceNamespace}/{name[(slash + 1)..]}" : name;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return $"{resourceNamespace}/{name}";
        }

        var rest = name[(dot + 1)..];
        var next = rest.IndexOf('.', StringComparison.Ordinal);
        return $"{(next < 0 ? rest : rest[..next])}/{name[..dot]}";
    }

    /// <summary>Whether <paramref name="names"/> (as written in a resource of <paramref name="resourceNamespace"/>) include <paramref name="gateway"/> (<c>ns/name</c>).</summary>
    public static bool Include(IReadOnlyList<string>? names, string gateway, string resourceNamespace)
    {
        if (names is null)
        {
            return false;
        }

        foreach (var name in names)
        {
            if (name != Mesh && string.Equals(Resolve(name, resourceNamespace), gateway, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
