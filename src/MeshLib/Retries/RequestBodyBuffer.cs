namespace MeshLib.Retries;

/// <summary>
/// Makes a request body replayable for retries, up to a bound, as Envoy buffers the request for retries up to its
/// buffer limit and abandons retrying (the request still goes out once) when the body is larger.
/// </summary>
internal static class RequestBodyBuffer
{
    private const int InitialChunk = 16 * 1024;

    /// <summary>
    /// Buffers <paramref name="request"/>'s content when it is not already replayable. Byte-array contents are kept;
    /// a <see cref="StreamContent"/> is read up to <paramref name="maxBytes"/> + 1 bytes and replaced by a buffered copy,
    /// or, when larger, by a one-shot content that sends what was read followed by the rest of the stream; other
    /// contents are loaded into their own buffer with that bound. When the body cannot be replayed,
    /// <see cref="RequestAttemptState.RetriesDisabled"/> is set.
    /// </summary>
    /// <param name="request">The request; its <see cref="HttpRequestMessage.Content"/> may be replaced.</param>
    /// <param name="maxBytes">The largest body buffered.</param>
    /// <param name="attempt">The request's attempt state, marked when retries must be disabled; may be null.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns><see langword="true"/> when the body can be sent again.</returns>
    public static async ValueTask<bool> PrepareForRetriesAsync(
        HttpRequestMessage request,
        int maxBytes,
        RequestAttemptState? attempt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var replayable = await PrepareAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        if (!replayable && attempt is not null)
        {
            attempt.RetriesDisabled = true;
        }

        return replayable;
    }

    private static async ValueTask<bool> PrepareAsync(HttpRequestMessage request, int maxBytes, CancellationToken cancellationToken)
    {
        var content = request.Content;
        if (content is null or ByteArrayContent or ReadOnlyMemoryContent)
        {
            return true;
        }

        if (content.Headers.ContentLength is { } length && length > maxBytes)
        {
            return false;
        }

        if (content is not StreamContent)
        {
            // Serialising contents (JSON, form, multipart) can be produced again if buffering stops at the bound.
            try
            {
                await content.LoadIntoBufferAsync(maxBytes, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }

        // A stream may not be rewindable: read it ourselves so that nothing read is lost.
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var limit = maxBytes + 1L;
        var buffer = new byte[(int)Math.Min(limit, InitialChunk)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length >= limit)
                {
                    break;
                }

                Array.Resize(ref buffer, (int)Math.Min(limit, buffer.Length * 2L));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        var fits = total <= maxBytes;
        HttpContent replacement = fits
            ? new ByteArrayContent(buffer, 0, total)
            : new PartiallyBufferedContent(buffer, total, stream, content);
        foreach (var header in content.Headers.NonValidated)
        {
            // The replacement computes its own length.
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        if (fits)
        {
            content.Dispose();
        }

        request.Content = replacement;
        return fits;
    }
}
