using System.Net.Sockets;

namespace MeshLib.Tests.Retries;

/// <summary>Canned exceptions as SocketsHttpHandler throws them.</summary>
internal static class Failures
{
    public static HttpRequestException ConnectRefused() =>
        new(HttpRequestError.ConnectionError, "Connection refused (10.0.0.1:8080)", new SocketException((int)SocketError.ConnectionRefused));

    public static TaskCanceledException ConnectTimeout() =>
        new("The operation was canceled.", new TimeoutException("A connection could not be established within the configured ConnectTimeout."));

    public static HttpRequestException ResponseEnded() =>
        new(HttpRequestError.ResponseEnded, "The response ended prematurely.");

    public static HttpRequestException InvalidResponse() =>
        new(HttpRequestError.InvalidResponse, "The server returned an invalid or unrecognized response.");

    public static IOException ConnectionReset() =>
        new("Unable to read data from the transport connection.", new SocketException((int)SocketError.ConnectionReset));
}
