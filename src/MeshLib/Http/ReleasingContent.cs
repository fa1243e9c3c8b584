using System.Net;

namespace MeshLib.Http;

/// <summary>
/// Wraps an upstream response body so that the attempt's lease is released when the body has been read, or the
/// response disposed — as Envoy counts a request active (and holds its connection) until the stream completes.
/// </summary>
internal sealed class ReleasingContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly AttemptLease _lease;
    private int _released;

    private ReleasingContent(HttpContent inner, AttemptLease lease)
    {
        _inner = inner;
        _lease = lease;
        foreach (var header in inner.Headers.NonValidated)
        {
            // A single value (Content-Length, Content-Type) is copied as its string: passed as an enumerable, each
            // header's values would be boxed.
            var values = header.Value;
            if (values.Count == 1)
            {
                Headers.TryAddWithoutValidation(header.Key, values.ToString());
            }
            else
            {
                Headers.TryAddWithoutValidation(header.Key, values);
            }
        }
    }

    /// <summary>
    /// Hands <paramref name="lease"/> to <paramref name="response"/>: a body still to come is wrapped so that the lease
    /// ends with it; a response whose body is already complete (<c>Content-Length: 0</c>, which is also what a
    /// response without content reports) ends the attempt now, as Envoy's stream ends with the headers.
    /// </summary>
    /// <param name="response">The upstream response.</param>
    /// <param name="lease">The attempt's lease; released here or by the body.</param>
    /// <returns><paramref name="response"/>.</returns>
    public static HttpResponseMessage Attach(HttpResponseMessage response, AttemptLease lease)
    {
        var content = response.Content;

        // 101 Switching Protocols hands over the connection: it stays held until the caller is done with it.
        if (response.StatusCode != HttpStatusCode.SwitchingProtocols && content.Headers.ContentLength == 0)
        {
            lease.Release();
            return response;
        }

        response.Content = new ReleasingContent(content, lease);
        return response;
    }

    /// <summary>Releases the lease; only the first call counts.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _lease.Release();
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Task copy;
        try
        {
            copy = _inner.CopyToAsync(stream, cancellationToken);
        }
        catch
        {
            Release();
            throw;
        }

        // A small body usually arrived with the headers, so the copy is already done: no state machine for it.
        if (copy.IsCompleted)
        {
            Release();
            return copy;
        }

        return ReleaseWhenCopiedAsync(copy);
    }

    private async Task ReleaseWhenCopiedAsync(Task copy)
    {
        try
        {
            await copy;
        }
        finally
        {
            Release();
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    // HttpClient.Send (synchronous) buffers the body through this overload; HttpContent's default throws.
    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        try
        {
            _inner.CopyTo(stream, context, cancellationToken);
        }
        finally
        {
            Release();
        }
    }

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        new ReleasingStream(_inner.ReadAsStream(cancellationToken), this);

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new ReleasingStream(await _inner.ReadAsStreamAsync(cancellationToken), this);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? -1;
        return length >= 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            Release();
        }

        base.Dispose(disposing);
    }
}
