using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MeshLib.Load;

/// <summary>
/// <c>backend --port P [--port P2 ...] [--body-bytes N]</c>: answers every request with 200 and the same N-byte
/// <c>text/plain</c> body, on each port. The load target behind every proxy and client in the load scripts.
/// </summary>
internal static class Backend
{
    public static async Task RunAsync(Arguments args)
    {
        var ports = args.All("--port").Select(p => Arguments.ParseInt("--port", p)).ToArray();
        var body = Body(args.Int("--body-bytes", 1024));
        args.RejectUnknown();
        if (ports.Length == 0)
        {
            throw new UsageException("backend: at least one --port");
        }

        await using var app = Kestrel.Builder("MeshLib.Load.Backend", ports).Build();
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
        });
        await app.RunAsync();
    }

    /// <summary>A printable body of exactly <paramref name="length"/> bytes, ending in a newline.</summary>
    private static byte[] Body(int length)
    {
        var body = new byte[length];
        for (var i = 0; i < length; i++)
        {
            body[i] = (byte)('a' + (i % 26));
        }

        if (length > 0)
        {
            body[^1] = (byte)'\n';
        }

        return body;
    }
}
