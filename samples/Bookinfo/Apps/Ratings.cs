using System.Text.Json.Nodes;

namespace Bookinfo.Apps;

/// <summary>ratings v1 (Node.js in the real sample): two reviewers' stars.</summary>
public static class Ratings
{
    /// <summary>Maps <c>GET /ratings/{id}</c> and <c>/health</c>.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/health", () => Results.Json(new JsonObject { ["status"] = "Ratings is healthy" }));
        app.MapGet("/ratings/{id}", (string id) => int.TryParse(id, out var number)
            ? Results.Json(new JsonObject
            {
                ["id"] = number,
                ["ratings"] = new JsonObject { ["Reviewer1"] = 5, ["Reviewer2"] = 4 },
            })
            : Results.Json(new JsonObject { ["error"] = "please provide numeric product ID" }, statusCode: 400));
    }
}
