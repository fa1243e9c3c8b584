using MeshLib.ConnectionPool;

namespace MeshLib.Benchmarks.Support;

/// <summary>Gives every mesh cluster the same in-memory terminal handler instead of a <see cref="SocketsHttpHandler"/>.</summary>
internal sealed class InMemoryTransportFactory(InMemoryHandler handler) : IClusterTransportFactory
{
    public HttpMessageHandler Create(string clusterName, ConnectionPoolPolicy policy) => handler;
}
