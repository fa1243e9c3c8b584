using MeshLib.Routing;

namespace MeshLib.Tests.Routing;

/// <summary>Builds requests and their views for the routing tests.</summary>
internal static class Requests
{
    public static HttpRequestMessage Message(string url, params (string Name, string Value)[] headers) =>
        Message(HttpMethod.Get, url, headers);

    public static HttpRequestMessage Message(HttpMethod method, string url, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url);
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    public static RequestView View(string url, params (string Name, string Value)[] headers) => new(Message(url, headers));

    public static RequestView View(HttpMethod method, string url, params (string Name, string Value)[] headers) =>
        new(Message(method, url, headers));
}
