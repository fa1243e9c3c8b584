using System.Text.Json.Nodes;

namespace Bookinfo.Apps;

/// <summary>details v1 (Ruby in the real sample): the book's details.</summary>
public static class Details
{
    /// <summary>Maps <c>GET /details/{id}</c> and <c>/health</c>.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/health", () => Results.Json(new JsonObject { ["status"] = "Details is healthy" }));
        app.MapGet("/details/{id}", (string id) => int.TryParse(id, out var number)
            ? Results.Json(Book(number))
            : Results.Json(new JsonObject { ["error"] = "please provide numeric product id" }, statusCode: 400));
    }

    /// <summary>The details the real details service returns for every id.</summary>
    public static JsonObject Book(int id) => new()
    {
        ["id"] = id,
        ["author"] = "William Shakespeare",
        ["year"] = 1595,
        ["type"] = "paperback",
        ["pages"] = 200,
        ["publisher"] = "PublisherA",
        ["language"] = "English",
        ["ISBN-10"] = "1234567890",
        ["ISBN-13"] = "123-1234567890",
    };
}
