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

    public ReleasingContent(HttpContent inner, AttemptLease lease)
    {
        _inner = inner;
        _lease = lease;
        foreach (var header in inner.Headers.NonValidated)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        try
        {
            await _inner.CopyToAsync(stream, cancellationToken);
        }
        finally
        {
            _lease.Release();
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
            _lease.Release();
        }
    }

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        new ReleasingStream(_inner.ReadAsStream(cancellationToken), _lease);

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new ReleasingStream(await _inner.ReadAsStreamAsync(cancellationToken), _lease);

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
            _lease.Release();
        }

        base.Dispose(disposing);
    }
}
