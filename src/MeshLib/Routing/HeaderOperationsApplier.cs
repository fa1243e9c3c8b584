using System.Net.Http.Headers;

namespace MeshLib.Routing;

/// <summary>
/// Applies compiled header operations to .NET messages the way Envoy's <c>HeaderParser</c> does: per level, the
/// removes first, then the writes in order (<c>set</c> replaces every value, <c>add</c> appends one). An empty value
/// is not written (Envoy's <c>keep_empty_value</c> defaults to false). Content headers (<c>content-type</c> ...)
/// live on <see cref="HttpContent.Headers"/>; a request without content has none to write.
/// </summary>
internal static class HeaderOperationsApplier
{
    private static readonly HashSet<string> ContentHeaderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Allow", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length",
        "Content-Location", "Content-MD5", "Content-Range", "Content-Type", "Expires", "Last-Modified",
    };

    /// <summary>Applies a plan's request levels, then its authority, to an outgoing request.</summary>
    /// <param name="request">The request to change.</param>
    /// <param name="plan">The plan.</param>
    public static void ApplyRequest(HttpRequestMessage request, HeaderOperationsPlan plan)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(plan);
        // Indexed, not foreach: enumerating an array through IReadOnlyList allocates an enumerator per request.
        var levels = plan.RequestLevels;
        for (var i = 0; i < levels.Count; i++)
        {
            Apply(request, levels[i]);
        }

        if (plan.Authority is not null)
        {
            request.Headers.Host = plan.Authority;
        }
    }

    /// <summary>Applies a plan's response levels to a response.</summary>
    /// <param name="response">The response to change.</param>
    /// <param name="plan">The plan.</param>
    public static void ApplyResponse(HttpResponseMessage response, HeaderOperationsPlan plan)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(plan);
        var levels = plan.ResponseLevels;
        for (var i = 0; i < levels.Count; i++)
        {
            Apply(response, levels[i]);
        }
    }

    /// <summary>Applies one level to a request (its <see cref="HeaderOperations.Authority"/> is not applied here).</summary>
    /// <param name="request">The request.</param>
    /// <param name="operations">The level.</param>
    public static void Apply(HttpRequestMessage request, HeaderOperations operations)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        Apply(request.Headers, request.Content?.Headers, operations);
    }

    /// <summary>Applies one level to a response.</summary>
    /// <param name="response">The response.</param>
    /// <param name="operations">The level.</param>
    public static void Apply(HttpResponseMessage response, HeaderOperations operations)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(operations);
        Apply(response.Headers, response.Content?.Headers, operations);
    }

    /// <summary>Whether .NET keeps <paramref name="name"/> on the content rather than the message.</summary>
    /// <param name="name">A header name.</param>
    /// <returns><see langword="true"/> for content headers.</returns>
    public static bool IsContentHeader(string name) => ContentHeaderNames.Contains(name);

    private static void Apply(HttpHeaders headers, HttpContentHeaders? content, HeaderOperations operations)
    {
        foreach (var name in operations.Remove)
        {
            Target(headers, content, name)?.Remove(name);
        }

        foreach (var mutation in operations.Mutations)
        {
            if (mutation.Value.Length == 0 || Target(headers, content, mutation.Name) is not { } target)
            {
                continue;
            }

            if (!mutation.Append)
            {
                target.Remove(mutation.Name);
            }

            target.TryAddWithoutValidation(mutation.Name, mutation.Value);
        }
    }

    private static HttpHeaders? Target(HttpHeaders headers, HttpContentHeaders? content, string name) =>
        IsContentHeader(name) ? content : headers;
}
