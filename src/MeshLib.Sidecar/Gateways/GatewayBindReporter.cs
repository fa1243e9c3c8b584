using System.Net;
using Microsoft.AspNetCore.Connections;

namespace MeshLib.Sidecar.Gateways;

/// <summary>
/// Kestrel's transport, telling <see cref="GatewayListeners"/> which endpoints it bound and which it could not. Kestrel
/// binds the endpoints of a configuration reload in the background and only logs a failure, without the port's
/// Gateway servers; this is where the outcome of each bind can be seen.
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
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            listeners.OpenFailed(endpoint, exception);
            throw;
        }

        listeners.Opened(endpoint);
        return listener;
    }
}
