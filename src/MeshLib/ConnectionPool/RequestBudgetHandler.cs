using System.Net;

namespace MeshLib.ConnectionPool;

/// <summary>
/// <c>maxRequestsPerConnection</c> above 1. <see cref="SocketsHttpHandler"/> cannot cap the requests a connection
/// carries, so each upstream connection gets its own single-connection handler (a lane) that counts the requests
/// sent through it. The request that uses up a lane's budget carries <c>Connection: close</c>, so the connection ends
/// with its response, as Envoy drains a connection that reached the limit; the lane is then disposed.
/// </summary>
/// <remarks>
/// A lane serves one request at a time (HTTP/1.1 does not multiplex) and stays busy until the response body has been
/// read or the response disposed. A lane whose connection the server or the idle timeout closed reconnects on its next
/// request and keeps counting, so a connection never carries more than the budget.
/// </remarks>
internal sealed class RequestBudgetHandler : HttpMessageHandler
{
    private readonly Func<SocketsHttpHandler> _createLane;
    private readonly uint _budget;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Host, int Port), Stack<Lane>> _idle = [];
    private bool _disposed;

    /// <summary>Creates the handler.</summary>
    /// <param name="createLane">Creates one lane's handler; it must allow a single connection per server.</param>
    /// <param name="budget">Requests per connection (at least 2; 1 is plain <c>Connection: close</c>).</param>
    public RequestBudgetHandler(Func<SocketsHttpHandler> createLane, uint budget)
    {
        ArgumentNullException.ThrowIfNull(createLane);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 2u);
        _createLane = createLane;
        _budget = budget;
    }

    /// <summary>Lanes created so far; each is one upstream connection's budget.</summary>
    internal int LanesCreated { get; private set; }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var lane = Acquire((uri.Host, uri.Port));
        if (lane.Sent == _budget)
        {
            request.Headers.ConnectionClose = true;
        }

        HttpResponseMessage response;
        try
        {
            response = await lane.Invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Release(lane);
            throw;
        }

        response.Content = new CompletionContent(response.Content, () => Release(lane));
        return response;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                _disposed = true;
                foreach (var lanes in _idle.Values)
                {
                    foreach (var lane in lanes)
                    {
                        lane.Invoker.Dispose();
                    }
                }

                _idle.Clear();
            }
        }

        base.Dispose(disposing);
    }

    private Lane Acquire((string Host, int Port) endpoint)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_idle.TryGetValue(endpoint, out var lanes) || !lanes.TryPop(out var lane))
            {
                lane = new Lane(endpoint, new HttpMessageInvoker(_createLane(), disposeHandler: true));
                LanesCreated++;
            }

            lane.Sent++;
            return lane;
        }
    }

    private void Release(Lane lane)
    {
        lock (_gate)
        {
            if (lane.Sent < _budget && !_disposed)
            {
                if (!_idle.TryGetValue(lane.Endpoint, out var lanes))
                {
                    lanes = new Stack<Lane>();
                    _idle.Add(lane.Endpoint, lanes);
                }

                lanes.Push(lane);
                return;
            }
        }

        lane.Invoker.Dispose();
    }

    private sealed class Lane((string Host, int Port) endpoint, HttpMessageInvoker invoker)
    {
        public (string Host, int Port) Endpoint { get; } = endpoint;

        public HttpMessageInvoker Invoker { get; } = invoker;

        public uint Sent { get; set; }
    }

    /// <summary>A response body that reports, once, that it has been read to the end or disposed.</summary>
    private sealed class CompletionContent : HttpContent
    {
        private readonly HttpContent _inner;
        private Action? _completed;

        public CompletionContent(HttpContent inner, Action completed)
        {
            _inner = inner;
            _completed = completed;
            foreach (var header in inner.Headers.NonValidated)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            try
            {
                await _inner.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Complete();
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            try
            {
                _inner.CopyTo(stream, context, cancellationToken);
            }
            finally
            {
                Complete();
            }
        }

        // A caller streaming the body ends the lane's use when it disposes the stream or the response.
        protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => _inner.ReadAsStream(cancellationToken);

        protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => _inner.ReadAsStreamAsync(cancellationToken);

        protected override Task<Stream> CreateContentReadStreamAsync() => _inner.ReadAsStreamAsync();

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
                Complete();
            }

            base.Dispose(disposing);
        }

        private void Complete() => Interlocked.Exchange(ref _completed, null)?.Invoke();
    }
}
