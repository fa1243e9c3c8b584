using System.Net;
using Microsoft.AspNetCore.Connections;

namespace MeshLib.Sidecar.Gateways;

/// <summary>
/// Kestrel's transport, telling <see cref="GatewayListeners"/> which endpoints it bound and which it could not. Kestrel
/// binds the endpoints of a configuration reload in the background, where a failure would only reach its own log, as
/// a stack trace without the port's Gateway servers; this is where the outcome of each bind is seen and reported.
/// </summary>
internal sealed class GatewayBindReporter(IConnectionListenerFactory transport, GatewayListeners listeners)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => transport is not IConnectionListenerFactorySelector selector || selector.CanBind(endpoint);

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        IConnectionListener listener;
        try
        {
            listener = await transport.BindAsync(endpoint, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && listeners.OpenFailed(endpoint, exception))
        {
            // A reload's gateway port that cannot be opened: reported with its servers, and left unserved until a
            // later reload tries it again. The rest of the sidecar serves on.
            return new Unbound(endpoint);
        }

        listeners.Opened(endpoint);
        return listener;
    }

    /// <summary>The stand-in for a port that could not be bound: accepts nothing, and ends when Kestrel unbinds it.</summary>
    private sealed class Unbound(EndPoint endpoint) : IConnectionListener
    {
        private readonly TaskCompletionSource<ConnectionContext?> _unbound = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public EndPoint EndPoint => endpoint;

        public ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default) =>
            new(_unbound.Task.WaitAsync(cancellationToken));

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            _unbound.TrySetResult(null);
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => UnbindAsync();
    }
}
