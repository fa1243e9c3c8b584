using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Bookinfo.Apps;

/// <summary>
/// productpage (Python/Flask in the real sample): calls details, then reviews, through its mesh HttpClient and
/// renders the book page. As productpage.py: each call has a 3 s timeout, reviews is tried twice, and the signed-in
/// user (the <c>user</c> cookie set by <c>POST /login</c>) is sent on as the <c>end-user</c> header.
/// </summary>
public static class ProductPage
{
    /// <summary>The real productpage's text when reviews fails.</summary>
    public const string ReviewsUnavailable = "Sorry, product reviews are currently unavailable for this book.";

    /// <summary>The real productpage's text when details fails.</summary>
    public const string DetailsUnavailable = "Sorry, product details are currently unavailable for this book.";

    /// <summary>The cookie holding the signed-in user (Flask's session in the real app).</summary>
    public const string UserCookie = "user";

    private const string Title = "The Comedy of Errors";

    private const string DescriptionHtml =
        "<a href=\"https://en.wikipedia.org/wiki/The_Comedy_of_Errors\">Wikipedia Summary</a>: The Comedy of Errors is one of "
        + "<b>William Shakespeare's</b> early plays. It is his shortest and one of his most farcical comedies, with a major "
        + "part of the humour coming from slapstick and mistaken identity, in addition to puns and word play.";

    /// <summary>Maps <c>/</c>, <c>/productpage</c>, <c>/login</c>, <c>/logout</c>, the real API and <c>/api/v1/productpage</c> (JSON of the page).</summary>
    public static void Map(WebApplication app, AppTimings timings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(timings);
        app.MapGet("/", () => Results.Content(
            "<html><head><title>Simple Bookstore App</title></head><body><h3>Hello! This is a simple bookstore application consisting of three services as shown below</h3>"
            + "<p><a href=\"/productpage?u=normal\">Normal user</a></p><p><a href=\"/productpage?u=test\">Test user</a></p></body></html>",
            "text/html"));
        app.MapGet("/health", () => Results.Json(new JsonObject { ["status"] = "Product page is healthy" }));
        app.MapPost("/login", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var user = form["username"].ToString();
            if (user.Length > 0)
            {
                context.Response.Cookies.Append(UserCookie, user, new CookieOptions { HttpOnly = true, Path = "/" });
            }

            return Results.Redirect(Referrer(context));
        });
        app.MapGet("/logout", (HttpContext context) =>
        {
            context.Response.Cookies.Delete(UserCookie, new CookieOptions { Path = "/" });
            return Results.Redirect(Referrer(context));
        });
        // A block body: an expression-bodied `async context => Results...` would bind as a RequestDelegate and drop the result.
        app.MapGet("/productpage", async (HttpContext context) =>
        {
            var page = await BuildAsync(context, 0, timings);
            return Results.Content(Render(page), "text/html; charset=utf-8");
        });
        app.MapGet("/api/v1/productpage", async (HttpContext context, int? id) =>
            Results.Json((await BuildAsync(context, id ?? 0, timings)).ToJson()));
        app.MapGet("/api/v1/products", () => Results.Json(new JsonArray(
            new JsonObject { ["id"] = 0, ["title"] = Title, ["descriptionHtml"] = DescriptionHtml })));
        app.MapGet("/api/v1/products/{id:int}", async (HttpContext context, int id) =>
        {
            var (status, details, _) = await GetAsync(context, $"http://details:9080/details/{id}", timings.ProductPageTimeout, 1, DetailsUnavailable);
            return Results.Json(details, statusCode: status);
        });
        app.MapGet("/api/v1/products/{id:int}/reviews", async (HttpContext context, int id) =>
        {
            var (status, reviews, _) = await GetAsync(context, $"http://reviews:9080/reviews/{id}", timings.ProductPageTimeout, timings.ProductPageReviewsTries, ReviewsUnavailable);
            return Results.Json(reviews, statusCode: status);
        });
    }

    private static string Referrer(HttpContext context) =>
        context.Request.Headers.Referer.ToString() is { Length: > 0 } referrer ? referrer : "/productpage";

    private static async Task<PageView> BuildAsync(HttpContext context, int id, AppTimings timings)
    {
        var clock = Stopwatch.StartNew();
        var user = context.Request.Cookies[UserCookie];
        var (detailsStatus, details, _) = await GetAsync(context, $"http://details:9080/details/{id}", timings.ProductPageTimeout, 1, DetailsUnavailable);
        var (reviewsStatus, reviews, tries) = await GetAsync(
            context, $"http://reviews:9080/reviews/{id}", timings.ProductPageTimeout, timings.ProductPageReviewsTries, ReviewsUnavailable);
        return new PageView(user, detailsStatus, details, reviewsStatus, reviews, tries, clock.Elapsed);
    }

    // productpage.py's send_request(url, headers=headers, timeout=3.0) inside "for _ in range(tries)"; any error or
    // non-200 answer counts as a failed try.
    private static async Task<(int Status, JsonObject Body, List<string> Tries)> GetAsync(
        HttpContext context, string url, TimeSpan timeout, int tries, string unavailable)
    {
        var client = BookinfoApp.MeshHttpClient(context.RequestServices);
        var user = context.Request.Cookies[UserCookie];
        var log = new List<string>();
        var status = 500;
        for (var i = 0; i < tries; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            Headers.Propagate(context.Request, request);
            if (!string.IsNullOrEmpty(user))
            {
                request.Headers.Remove(Headers.EndUser);
                request.Headers.TryAddWithoutValidation(Headers.EndUser, user);
            }

            using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            cts.CancelAfter(timeout);
            try
            {
                using var response = await client.SendAsync(request, cts.Token);
                var text = await response.Content.ReadAsStringAsync(cts.Token);
                status = (int)response.StatusCode;
                log.Add(string.Create(CultureInfo.InvariantCulture, $"{status} after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.000}s"));
                if (response.StatusCode == HttpStatusCode.OK && JsonNode.Parse(text) is JsonObject body)
                {
                    return (200, body, log);
                }
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                status = 500;
                log.Add(string.Create(CultureInfo.InvariantCulture, $"client timeout after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.000}s"));
            }
            catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException)
            {
                status = 500;
                log.Add($"error {e.GetType().Name}");
            }
        }

        return (status, new JsonObject { ["error"] = unavailable }, log);
    }

    private static string Render(PageView page)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Simple Bookstore App</title><style>")
            .Append("body{font-family:sans-serif;margin:0}nav{background:#222;color:#9d9d9d;padding:12px 20px;display:flex;justify-content:space-between}")
            .Append("nav a,nav button{color:#fff}main{padding:0 20px}.cols{display:flex;gap:40px}.cols>div{flex:1}")
            .Append("blockquote{border-left:5px solid #eee;margin:0 0 20px;padding:10px 20px}small{color:#777;display:block}.stars{font-size:1.3em}")
            .Append("</style></head><body><nav><span>BookInfo Sample</span>");
        if (page.User is { Length: > 0 } user)
        {
            html.Append(CultureInfo.InvariantCulture, $"<span>{WebUtility.HtmlEncode(user)} (<a href=\"/logout\">sign out</a>)</span>");
        }
        else
        {
            html.Append("<form method=\"post\" action=\"/login\"><input name=\"username\" placeholder=\"User Name\"> ")
                .Append("<input name=\"passwd\" type=\"password\" placeholder=\"Password\"> <button type=\"submit\">Sign in</button></form>");
        }

        html.Append("</nav><main>")
            .Append(CultureInfo.InvariantCulture, $"<h3 style=\"text-align:center\">{Title}</h3><p>{DescriptionHtml}</p><div class=\"cols\"><div>");
        if (page.DetailsStatus == 200)
        {
            html.Append("<h4>Book Details</h4><dl>");
            foreach (var (label, key) in new[] { ("Type:", "type"), ("Pages:", "pages"), ("Publisher:", "publisher"), ("Language:", "language"), ("ISBN-10:", "ISBN-10"), ("ISBN-13:", "ISBN-13") })
            {
                html.Append(CultureInfo.InvariantCulture, $"<dt>{label}</dt><dd>{WebUtility.HtmlEncode(page.Details[key]?.ToString())}</dd>");
            }

            html.Append("</dl>");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<h4>Error fetching product details!</h4><p>{WebUtility.HtmlEncode(page.Details["error"]?.ToString())}</p>");
        }

        html.Append("</div><div>");
        if (page.ReviewsStatus == 200 && page.Reviews["reviews"] is JsonArray reviews)
        {
            html.Append("<h4>Book Reviews</h4>");
            foreach (var review in reviews.OfType<JsonObject>())
            {
                html.Append(CultureInfo.InvariantCulture, $"<blockquote><p>{WebUtility.HtmlEncode(review["text"]?.ToString())}</p><small>{WebUtility.HtmlEncode(review["reviewer"]?.ToString())}</small>");
                if (review["rating"] is JsonObject rating)
                {
                    if (rating["stars"] is { } starsNode && starsNode.GetValue<int>() is var stars)
                    {
                        html.Append(CultureInfo.InvariantCulture, $"<span class=\"stars\" style=\"color:{WebUtility.HtmlEncode(rating["color"]?.ToString())}\">")
                            .Append(new string('★', stars)).Append(new string('☆', Math.Max(0, 5 - stars))).Append("</span>");
                    }
                    else if (rating["error"] is { } error)
                    {
                        html.Append(CultureInfo.InvariantCulture, $"<p><i>{WebUtility.HtmlEncode(error.ToString())}</i></p>");
                    }
                }

                html.Append("</blockquote>");
            }

            html.Append(CultureInfo.InvariantCulture, $"<dl><dt>Reviews served by:</dt><dd><u>{WebUtility.HtmlEncode(page.Reviews["podname"]?.ToString())}</u></dd></dl>");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<h4>Error fetching product reviews!</h4><p>{WebUtility.HtmlEncode(page.Reviews["error"]?.ToString())}</p>");
        }

        return html.Append("</div></div></main></body></html>").ToString();
    }

    private sealed record PageView(
        string? User, int DetailsStatus, JsonObject Details, int ReviewsStatus, JsonObject Reviews, List<string> ReviewsTries, TimeSpan Elapsed)
    {
        public JsonObject ToJson() => new()
        {
            ["user"] = User,
            ["product"] = new JsonObject { ["id"] = 0, ["title"] = Title },
            ["detailsStatus"] = DetailsStatus,
            ["details"] = Details.DeepClone(),
            ["reviewsStatus"] = ReviewsStatus,
            ["reviews"] = Reviews.DeepClone(),
            ["reviewsTries"] = new JsonArray([.. ReviewsTries.Select(t => (JsonNode?)JsonValue.Create(t))]),
            ["elapsedMs"] = Math.Round(Elapsed.TotalMilliseconds, 1),
        };
    }
}
