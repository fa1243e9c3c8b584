using System.Text.Json.Nodes;

namespace Bookinfo.Apps;

/// <summary>
/// reviews (Java in the real sample): v1 shows no ratings; v2 calls ratings and shows black stars; v3 calls ratings
/// and shows red stars. v2's own client timeout for ratings is 10 s, v3's 2.5 s. When ratings fails, the review says
/// "Ratings service is currently unavailable".
/// </summary>
public static class Reviews
{
    /// <summary>The error text of the real reviews service.</summary>
    public const string RatingsUnavailable = "Ratings service is currently unavailable";

    /// <summary>Maps <c>GET /reviews/{id}</c> and <c>/health</c> for one version.</summary>
    /// <param name="app">The workload's web application.</param>
    /// <param name="version">v1, v2 or v3.</param>
    /// <param name="timings">The apps' hard-coded timeouts.</param>
    public static void Map(WebApplication app, string version, AppTimings timings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(timings);
        var ratingsEnabled = version != "v1";
        var starColor = version == "v3" ? "red" : "black";
        var ratingsTimeout = starColor == "black" ? timings.ReviewsV2RatingsTimeout : timings.ReviewsV3RatingsTimeout;
        var podName = $"reviews-{version}";

        app.MapGet("/health", () => Results.Json(new JsonObject { ["status"] = "Reviews is healthy" }));
        app.MapGet("/reviews/{id}", async (string id, HttpContext context) =>
        {
            if (!int.TryParse(id, out var productId))
            {
                return Results.Json(new JsonObject { ["error"] = "please provide numeric product id" }, statusCode: 400);
            }

            int? stars1 = null;
            int? stars2 = null;
            if (ratingsEnabled)
            {
                var ratings = await GetRatingsAsync(context, productId, ratingsTimeout);
                stars1 = ratings?["Reviewer1"]?.GetValue<int>();
                stars2 = ratings?["Reviewer2"]?.GetValue<int>();
            }

            return Results.Json(new JsonObject
            {
                ["id"] = productId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["podname"] = podName,
                ["clustername"] = "null",
                ["reviews"] = new JsonArray(
                    Review("Reviewer1", "An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!", stars1),
                    Review("Reviewer2", "Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.", stars2)),
            });

            JsonObject Review(string reviewer, string text, int? stars)
            {
                var review = new JsonObject { ["reviewer"] = reviewer, ["text"] = text };
                if (ratingsEnabled)
                {
                    review["rating"] = stars is { } s
                        ? new JsonObject { ["stars"] = s, ["color"] = starColor }
                        : new JsonObject { ["error"] = RatingsUnavailable };
                }

                return review;
            }
        });
    }

    // The real app: a JAX-RS client with connection and receive timeouts; any error or non-200 means no ratings.
    private static async Task<JsonObject?> GetRatingsAsync(HttpContext context, int productId, TimeSpan timeout)
    {
        var client = BookinfoApp.MeshHttpClient(context.RequestServices);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://ratings:9080/ratings/{productId}");
        Headers.Propagate(context.Request, request);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        cts.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, cts.Token);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cts.Token));
            return body?["ratings"] as JsonObject;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
