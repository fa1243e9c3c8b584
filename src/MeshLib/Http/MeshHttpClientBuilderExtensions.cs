using MeshLib.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes an <c>HttpClient</c> speak mesh: <c>services.AddHttpClient("bookinfo").AddMesh()</c>.</summary>
public static class MeshHttpClientBuilderExtensions
{
    /// <summary>
    /// Routes this client's requests as an Istio sidecar would: VirtualService matching, weighted subsets, load
    /// balancing, faults, timeouts, retries, connection-pool limits and outlier detection. Requests for hosts the
    /// mesh does not know pass through unchanged (<c>ALLOW_ANY</c>) or get 502 (<c>REGISTRY_ONLY</c>).
    /// </summary>
    /// <remarks>
    /// The client's own <see cref="System.Net.Http.HttpClient.Timeout"/> is set to infinite, as the standard
    /// resilience handler does, so that it never cuts a mesh timeout short; route timeouts come from the VirtualService.
    /// </remarks>
    /// <param name="builder">The HTTP client builder.</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder AddMesh(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddMesh();
        builder.ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        builder.AddHttpMessageHandler(services => new MeshHandler(services.GetRequiredService<MeshRuntime>()));
        return builder;
    }
}
