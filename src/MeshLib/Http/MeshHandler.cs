namespace MeshLib.Http;

/// <summary>
/// The handler <c>AddHttpClient(...).AddMesh()</c> adds: every request goes through the mesh router; requests for
/// hosts the mesh does not know continue down the client's own handler chain (ALLOW_ANY).
/// </summary>
internal sealed class MeshHandler : DelegatingHandler
{
    private readonly MeshRuntime _runtime;
    private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> _passthrough;

    public MeshHandler(MeshRuntime runtime)
    {
        _runtime = runtime;
        _passthrough = base.SendAsync;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _runtime.Router.SendAsync(request, _passthrough, cancellationToken);

    // HttpClient.Send (synchronous) reaches here; the mesh's timers and retries are asynchronous. The asynchronous
    // path runs on the thread pool: blocking on it under the caller's synchronization context (a UI thread) would
    // deadlock, its continuations waiting for the very thread blocked here.
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.Run(() => SendAsync(request, cancellationToken), CancellationToken.None).GetAwaiter().GetResult();
}
