namespace MeshLib.Http;

/// <summary>A response body stream that releases the attempt's lease at end of stream or on dispose.</summary>
internal sealed class ReleasingStream(Stream inner, AttemptLease lease) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

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
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

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
