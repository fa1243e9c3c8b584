using System.Net;
using MeshLib.Routing;

namespace MeshLib.Tests.Routing;

public class CorsPolicyEvaluatorTests
{
    private static readonly CorsPolicyEvaluator Policy = new(
        allowOrigins: [StringMatcher.Exact("https://example.com"), StringMatcher.Regex(@"https://.*\.example\.org")],
        allowMethods: ["POST", "GET"],
        allowHeaders: ["X-Foo-Bar", "X-Custom"],
        exposeHeaders: ["X-Expose"],
        maxAgeSeconds: 86400,
        allowCredentials: true);

    private static HttpRequestMessage Preflight(string origin, string method = "DELETE") =>
        Requests.Message(HttpMethod.Options, "http://r/api", ("Origin", origin), ("Access-Control-Request-Method", method));

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Fact]
    public void Preflight_FromAllowedOrigin_Answers200WithTheConfiguredHeaders()
    {
        // istio-api.md §13: answered 200 with the allow-* headers even though DELETE is not allowed.
        using var response = Policy.TryAnswerPreflight(Preflight("https://example.com"));

        Assert.NotNull(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://example.com", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("POST,GET", Header(response, "Access-Control-Allow-Methods")); // joined without spaces
        Assert.Equal("X-Foo-Bar,X-Custom", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("86400", Header(response, "Access-Control-Max-Age"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Null(Header(response, "Access-Control-Expose-Headers"));
    }

    [Fact]
    public void Preflight_FromUnmatchedOrigin_IsForwardedByDefault() =>
        Assert.Null(Policy.TryAnswerPreflight(Preflight("https://evil.test")));

    [Fact]
    public void Preflight_FromUnmatchedOrigin_WithIgnore_Answers200WithoutAllowOrigin()
    {
        var ignore = new CorsPolicyEvaluator([StringMatcher.Exact("https://example.com")], allowMethods: ["GET"], forwardUnmatchedPreflights: false);
        using var response = ignore.TryAnswerPreflight(Preflight("https://evil.test"));

        Assert.NotNull(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("GET", Header(response, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public void NotAPreflight_GoesOn()
    {
        Assert.Null(Policy.TryAnswerPreflight(Requests.Message(HttpMethod.Options, "http://r/", ("Origin", "https://example.com"))));
        Assert.Null(Policy.TryAnswerPreflight(Requests.Message(HttpMethod.Options, "http://r/", ("Access-Control-Request-Method", "GET"))));
        Assert.Null(Policy.TryAnswerPreflight(Requests.Message(HttpMethod.Get, "http://r/", ("Origin", "https://example.com"), ("Access-Control-Request-Method", "GET"))));
    }

    [Fact]
    public void WildcardMethodsAndHeaders_EchoTheRequest()
    {
        var wildcard = new CorsPolicyEvaluator([StringMatcher.Exact("*")], allowMethods: ["*"], allowHeaders: ["*"]);
        var request = Preflight("https://any.test", "PATCH");
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", "x-a,x-b");
        using var response = wildcard.TryAnswerPreflight(request);

        Assert.NotNull(response);
        Assert.Equal("https://any.test", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("PATCH", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("x-a,x-b", Header(response, "Access-Control-Allow-Headers"));
    }

    [Fact]
    public void SimpleResponse_ToAllowedOrigin_GetsOriginCredentialsAndExpose()
    {
        var request = Requests.Message("http://r/", ("Origin", "https://a.example.org"));
        using var response = new HttpResponseMessage();

        Assert.True(Policy.ApplyToResponse(request, response));
        Assert.Equal("https://a.example.org", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal("X-Expose", Header(response, "Access-Control-Expose-Headers"));
        Assert.Null(Header(response, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public void SimpleResponse_WithoutMatchingOrigin_IsUntouched()
    {
        // istio-api.md §13: a GET without a matching Origin gets no Access-Control-Allow-Origin.
        using var response = new HttpResponseMessage();
        Assert.False(Policy.ApplyToResponse(Requests.Message("http://r/", ("Origin", "https://evil.test")), response));
        Assert.False(Policy.ApplyToResponse(Requests.Message("http://r/"), response));
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public void NoOrigins_AllowsNothing() =>
        Assert.False(new CorsPolicyEvaluator(allowOrigins: null).IsOriginAllowed("https://example.com"));
}
