using System.Net;

namespace MeshLib.Retries;

/// <summary>
/// A one-shot request body: the bytes already read while trying to buffer, then the rest of the original stream.
/// Used when a body is larger than the retry buffer, so the request still goes out once, unretried.
/// </summary>
internal sealed class PartiallyBufferedContent : HttpContent
{
    private readonly byte[] _prefix;
    private readonly int _prefixLength;
    private readonly Stream _rest;
    private readonly HttpContent _original;
    private bool _consumed;

    /// <summary>Creates the content.</summary>
    /// <param name="prefix">Bytes already read from <paramref name="rest"/>.</param>
    /// <param name="prefixLength">How many bytes of <paramref name="prefix"/> are valid.</param>
    /// <param name="rest">The original stream, positioned after the prefix.</param>
    /// <param name="original">The original content, disposed with this one.</param>
    public PartiallyBufferedContent(byte[] prefix, int prefixLength, Stream rest, HttpContent original)
    {
        _prefix = prefix;
        _prefixLength = prefixLength;
        _rest = rest;
        _original = original;
    }

    /// <inheritdoc/>
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <inheritdoc/>
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_consumed)
        {
            throw new InvalidOperationException("The request body was larger than the retry buffer and has already been sent.");
        }

        _consumed = true;
        await stream.WriteAsync(_prefix.AsMemory(0, _prefixLength), cancellationToken).ConfigureAwait(false);
        await _rest.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override bool TryComputeLength(out long length)
    {
        // Only a length the sender declared is known; the stream itself may not be seekable.
        length = _original.Headers.ContentLength ?? -1;
        return length >= 0;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _original.Dispose();
        }

        base.Dispose(disposing);
    }
}
