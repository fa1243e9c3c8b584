namespace MeshLib.Http;

/// <summary>
/// A response body stream that releases the attempt's lease at end of stream or on dispose. Writes go to the inner
/// stream, which is writable only for an upgraded connection (101 Switching Protocols, such as a WebSocket).
/// </summary>
internal sealed class ReleasingStream(Stream inner, ReleasingContent lease) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Completed(inner.Read(buffer, offset, count), count);

    public override int Read(Span<byte> buffer) => Completed(inner.Read(buffer), buffer.Length);

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Completed(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken), count);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Completed(await inner.ReadAsync(buffer, cancellationToken), buffer.Length);

    public override void Flush()
    {
        if (inner.CanWrite)
        {
            inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        inner.CanWrite ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            lease.Release();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        lease.Release();
        await base.DisposeAsync();
    }

    private int Completed(int read, int requested)
    {
        if (read == 0 && requested > 0)
        {
            lease.Release();
        }

        return read;
    }
}
