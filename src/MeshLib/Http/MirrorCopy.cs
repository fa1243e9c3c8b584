namespace MeshLib.Http;

/// <summary>A copy of a request for a mirror (Envoy's shadow): same method, headers and body, sent on its own.</summary>
internal sealed class MirrorCopy
{
    private MirrorCopy(HttpRequestMessage request, string pathAndQuery)
    {
        Request = request;
        PathAndQuery = pathAndQuery;
    }

    public HttpRequestMessage Request { get; }

    public string PathAndQuery { get; }

    /// <summary>Copies <paramref name="request"/>; its body is buffered first so both copies can send it.</summary>
    public static async Task<MirrorCopy> CreateAsync(HttpRequestMessage request, string pathAndQuery, bool appendShadowSuffix, CancellationToken cancellationToken)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers.NonValidated)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (request.Content is { } content)
        {
            await content.LoadIntoBufferAsync(MeshRouter.MaxRetryBodyBytes, cancellationToken);
            copy.Content = new ByteArrayContent(await content.ReadAsByteArrayAsync(cancellationToken));
            foreach (var header in content.Headers.NonValidated)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        if (appendShadowSuffix && copy.Headers.Host is { } host)
        {
            copy.Headers.Host = ShadowHost(host);
        }

        return new MirrorCopy(copy, pathAndQuery);
    }

    /// <summary>Envoy's shadow host: <c>reviews:9080</c> → <c>reviews-shadow:9080</c>.</summary>
    public static string ShadowHost(string authority)
    {
        var colon = authority.LastIndexOf(':');
        return colon > 0 && authority.IndexOf(']', StringComparison.Ordinal) < colon
            ? string.Concat(authority.AsSpan(0, colon), "-shadow", authority.AsSpan(colon))
            : authority + "-shadow";
    }
}
