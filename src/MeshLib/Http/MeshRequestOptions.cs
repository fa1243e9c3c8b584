using System.Net;

namespace MeshLib.Http;

/// <summary>Per-request facts a host can hand to the mesh through <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class MeshRequestOptions
{
    /// <summary>The downstream client's address (the sidecar sets it), for <c>consistentHash.useSourceIp</c>.</summary>
    public static readonly HttpRequestOptionsKey<IPAddress> SourceAddress = new("MeshLib.SourceAddress");
}
