using System.Globalization;
using System.Text.Json.Nodes;

namespace Bookinfo.Apps;

/// <summary>An httpbin-like service (go-httpbin in Istio's sample): <c>/get</c>, <c>/headers</c>, <c>/status/{code}</c>, <c>/delay/{s}</c>.</summary>
public static class Httpbin
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            context.Response.Headers["access-control-allow-origin"] = "*";
            context.Response.Headers["access-control-allow-credentials"] = "true";
            await next(context);
        });
        app.MapGet("/get", (HttpContext context) => Results.Json(Echo(context)));
        app.MapGet("/headers", (HttpContext context) => Results.Json(new JsonObject { ["headers"] = HeadersOf(context.Request) }));
        app.Map("/status/{code:int}", (int code) => code is >= 100 and < 600
            ? Results.StatusCode(code)
            : Results.BadRequest());
        app.MapGet("/delay/{seconds}", async (string seconds, HttpContext context) =>
        {
            if (!double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || s < 0)
            {
                return Results.BadRequest();
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Min(s, 10)), context.RequestAborted);
            return Results.Json(Echo(context));
        });
    }

    private static JsonObject Echo(HttpContext context)
    {
        var request = context.Request;
        var args = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            args[key] = value.ToString();
        }

        return new JsonObject
        {
            ["args"] = args,
            ["headers"] = HeadersOf(request),
            ["origin"] = context.Connection.RemoteIpAddress?.ToString(),
            ["url"] = $"http://{request.Host}{request.Path}{request.QueryString}",
        };
    }

    private static JsonObject HeadersOf(HttpRequest request)
    {
        var headers = new JsonObject();
        foreach (var (key, value) in request.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            headers[CultureInfo.InvariantCulture.TextInfo.ToTitleCase(key)] = value.ToString();
        }

        return headers;
    }
}
