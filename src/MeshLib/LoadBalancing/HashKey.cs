using System.Buffers;
using System.IO.Hashing;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace MeshLib.LoadBalancing;

/// <summary>
/// Request hash keys for consistent hashing, computed as Envoy's route <c>hash_policy</c> does:
/// xxHash64 (seed 0) of the UTF-8 value. Encoding goes through a stack buffer (a pooled one for long
/// values), so hashing a value allocates nothing.
/// </summary>
internal static class HashKey
{
    private const int StackLimitBytes = 512;

    /// <summary>xxHash64 of the UTF-8 bytes of <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="seed">The seed (Envoy chains multi-value headers through it).</param>
    /// <returns>The hash.</returns>
    public static ulong Compute(ReadOnlySpan<char> value, ulong seed = 0)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= StackLimitBytes
            ? stackalloc byte[StackLimitBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, buffer);
            return XxHash64.HashToUInt64(buffer[..length], unchecked((long)seed));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Combines the hashes of several policies as Envoy does: <c>rotl(previous, 1) ^ next</c>, so that duplicate
    /// policies do not cancel out. Start with null; a policy that yields no hash is skipped by the caller.
    /// </summary>
    /// <param name="previous">The hash so far, or null.</param>
    /// <param name="next">The next policy's hash.</param>
    /// <returns>The combined hash.</returns>
    public static ulong Combine(ulong? previous, ulong next) =>
        previous is { } value ? ulong.RotateLeft(value, 1) ^ next : next;

    /// <summary>
    /// <c>httpHeaderName</c>: hash of the header's value; with several values they are sorted and chained
    /// through the seed, so their order does not matter (Envoy's <c>HeaderHashMethod</c>).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="headerName">The header name.</param>
    /// <returns>The hash, or null when the header is absent.</returns>
    public static ulong? ForHeader(HttpRequestMessage request, string headerName)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(headerName);
        if (!TryGetRaw(request.Headers, headerName, out var values)
            && (request.Content is null || !TryGetRaw(request.Content.Headers, headerName, out values)))
        {
            return null;
        }

        if (values.Count == 1)
        {
            foreach (var single in values)
            {
                return Compute(single);
            }
        }

        // Several values (rare): sort a pooled copy so the hash ignores their order.
        var sorted = ArrayPool<string>.Shared.Rent(values.Count);
        try
        {
            var count = 0;
            foreach (var value in values)
            {
                sorted[count++] = value;
            }

            var span = sorted.AsSpan(0, count);
            span.Sort(StringComparer.Ordinal);
            ulong hash = 0;
            foreach (var value in span)
            {
                hash = Compute(value, hash);
            }

            return hash;
        }
        finally
        {
            ArrayPool<string>.Shared.Return(sorted, clearArray: true);
        }
    }

    /// <summary>
    /// <c>httpCookie</c>: hash of the first cookie named <paramref name="cookieName"/> (surrounding double
    /// quotes removed); an empty value counts as absent. Generating a missing cookie (when a ttl is set) is
    /// the caller's job: Envoy then hashes the value it puts in Set-Cookie.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cookieName">The cookie name.</param>
    /// <returns>The hash, or null when there is no such cookie.</returns>
    public static ulong? ForCookie(HttpRequestMessage request, string cookieName)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(cookieName);
        if (!TryGetRaw(request.Headers, "Cookie", out var headers))
        {
            return null;
        }

        foreach (var header in headers)
        {
            // The first cookie with the name decides; an empty value means "no key", as in Envoy.
            if (TryFindCookie(header, cookieName, out var value))
            {
                return value.IsEmpty ? null : Compute(value);
            }
        }

        return null;
    }

    /// <summary><c>httpQueryParameterName</c>: hash of the first value of the parameter, as sent (not decoded).</summary>
    /// <param name="requestUri">The request URI.</param>
    /// <param name="parameterName">The parameter name.</param>
    /// <returns>The hash, or null when the parameter is absent.</returns>
    public static ulong? ForQueryParameter(Uri? requestUri, string parameterName)
    {
        if (requestUri is null || !requestUri.IsAbsoluteUri)
        {
            return null;
        }

        return ForQueryParameter(requestUri.Query, parameterName);
    }

    /// <summary><c>httpQueryParameterName</c> over a raw path or query string (<c>/p?a=1&amp;b=2</c> or <c>?a=1</c>).</summary>
    /// <param name="pathAndQuery">The raw request target or its query part.</param>
    /// <param name="parameterName">The parameter name.</param>
    /// <returns>The hash, or null when the parameter is absent.</returns>
    public static ulong? ForQueryParameter(ReadOnlySpan<char> pathAndQuery, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(parameterName);
        var start = pathAndQuery.IndexOf('?');
        if (start < 0)
        {
            return null;
        }

        var query = pathAndQuery[(start + 1)..];
        var fragment = query.IndexOf('#');
        if (fragment >= 0)
        {
            query = query[..fragment];
        }

        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            if (name.SequenceEqual(parameterName))
            {
                // A bare "name" is present with an empty value.
                return Compute(equals < 0 ? [] : pair[(equals + 1)..]);
            }
        }

        return null;
    }

    /// <summary><c>useSourceIp</c>: hash of the source address in text form (Envoy's <c>addressAsString</c>).</summary>
    /// <param name="sourceAddress">The source IP (for a client library: this host's own address).</param>
    /// <returns>The hash.</returns>
    public static ulong ForSourceIp(IPAddress sourceAddress)
    {
        ArgumentNullException.ThrowIfNull(sourceAddress);
        Span<char> text = stackalloc char[64];
        return sourceAddress.TryFormat(text, out var written)
            ? Compute(text[..written])
            : Compute(sourceAddress.ToString());
    }

    private static bool TryGetRaw(HttpHeaders headers, string name, out HeaderStringValues values) =>
        headers.NonValidated.TryGetValues(name, out values);

    private static bool TryFindCookie(ReadOnlySpan<char> header, string cookieName, out ReadOnlySpan<char> value)
    {
        foreach (var range in header.Split(';'))
        {
            var pair = header[range].TrimStart(' ');
            var equals = pair.IndexOf('=');
            if (equals <= 0 || !pair[..equals].SequenceEqual(cookieName))
            {
                continue;
            }

            var candidate = pair[(equals + 1)..];
            if (candidate.Length >= 2 && candidate[0] == '"' && candidate[^1] == '"')
            {
                candidate = candidate[1..^1];
            }

            value = candidate;
            return true;
        }

        value = default;
        return false;
    }
}
