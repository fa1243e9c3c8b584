using MeshLib.Routing;

namespace MeshLib.Tests.Routing;

public class HeaderOperationsTests
{
    private static Dictionary<string, string> Map(params (string Key, string Value)[] entries)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            map[key] = value;
        }

        return map;
    }

    private static string? Values(HttpRequestMessage request, string name) =>
        request.Headers.NonValidated.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static string? Values(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Fact]
    public void Set_Overwrites_Add_Appends()
    {
        var request = Requests.Message("http://r/", ("x-set", "old"), ("x-add", "one"));
        HeaderOperationsApplier.Apply(request, new HeaderOperations(set: Map(("x-set", "new")), add: Map(("x-add", "two"), ("x-new", "v"))));

        Assert.Equal("new", Values(request, "x-set"));
        Assert.Equal("one,two", Values(request, "x-add"));
        Assert.Equal("v", Values(request, "x-new"));
    }

    [Fact]
    public void RemoveRunsBeforeSetAndAdd_WithinALevel()
    {
        // Envoy header_parser: remove-before-add, so a header both removed and set ends up set.
        var request = Requests.Message("http://r/", ("x-a", "old"), ("x-gone", "1"));
        HeaderOperationsApplier.Apply(request, new HeaderOperations(set: Map(("x-a", "new")), add: Map(("x-b", "1")), remove: ["x-a", "x-b", "x-gone"]));

        Assert.Equal("new", Values(request, "x-a"));
        Assert.Equal("1", Values(request, "x-b"));
        Assert.Null(Values(request, "x-gone"));
    }

    [Fact]
    public void SetEntriesComeBeforeAddEntries_EachSortedByName()
    {
        var operations = new HeaderOperations(set: Map(("b", "1"), ("a", "1")), add: Map(("d", "2"), ("c", "2")));
        Assert.Equal(["a", "b", "c", "d"], operations.Mutations.Select(m => m.Name));
        Assert.Equal([false, false, true, true], operations.Mutations.Select(m => m.Append));
    }

    [Fact]
    public void SetAndAddOfTheSameHeader_YieldBothValues()
    {
        var request = Requests.Message("http://r/");
        HeaderOperationsApplier.Apply(request, new HeaderOperations(set: Map(("x", "a")), add: Map(("x", "b"))));
        Assert.Equal("a,b", Values(request, "x"));
    }

    [Fact]
    public void EmptyValue_IsNotWritten()
    {
        var request = Requests.Message("http://r/", ("x", "keep"));
        HeaderOperationsApplier.Apply(request, new HeaderOperations(set: Map(("x", ""))));
        Assert.Equal("keep", Values(request, "x"));
    }

    [Fact]
    public void ContentHeaders_GoToTheContent()
    {
        var response = new HttpResponseMessage { Content = new StringContent("{}") };
        HeaderOperationsApplier.Apply(response, new HeaderOperations(set: Map(("content-type", "application/problem+json")), remove: ["content-language"]));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.ToString());

        var bodiless = Requests.Message("http://r/");
        HeaderOperationsApplier.Apply(bodiless, new HeaderOperations(set: Map(("content-type", "text/plain"))));
        Assert.Null(bodiless.Content);
    }

    [Fact]
    public void AuthorityAndHost_BecomeTheAuthority_OtherPseudoHeadersAreDropped()
    {
        var operations = new HeaderOperations(set: Map((":authority", "a.example"), (":path", "/x"), ("x", "1")), add: Map(("Host", "b.example")), remove: ["host", ":method", "y"]);
        Assert.Equal("a.example", operations.Authority); // set wins over add
        Assert.Equal(["x"], operations.Mutations.Select(m => m.Name));
        Assert.Equal(["y"], operations.Remove);
        Assert.Equal("b.example", new HeaderOperations(add: Map(("host", "b.example"))).Authority);
    }

    [Fact]
    public void SingleDestination_DestinationSetWins()
    {
        var plan = HeaderOperationsPlan.Create(
            routeRequest: new HeaderOperations(set: Map(("x-who", "route"))),
            routeResponse: null,
            destinationRequest: new HeaderOperations(set: Map(("x-who", "destination"))),
            destinationResponse: null,
            weighted: false,
            rewriteAuthority: null);

        var request = Requests.Message("http://r/");
        HeaderOperationsApplier.ApplyRequest(request, plan);
        Assert.Equal("destination", Values(request, "x-who"));
        Assert.Single(plan.RequestLevels);
    }

    [Fact]
    public void SingleDestination_IsOneLevel_AllRemovesFirst()
    {
        // Istio appends the destination lists to the route's: the destination's remove runs before the route's set.
        var plan = HeaderOperationsPlan.Create(
            new HeaderOperations(set: Map(("x", "route"))), null,
            new HeaderOperations(remove: ["x"]), null,
            weighted: false, rewriteAuthority: null);

        var request = Requests.Message("http://r/");
        HeaderOperationsApplier.ApplyRequest(request, plan);
        Assert.Equal("route", Values(request, "x"));
    }

    [Fact]
    public void WeightedDestinations_RouteSetWins()
    {
        var plan = HeaderOperationsPlan.Create(
            new HeaderOperations(set: Map(("x-who", "route"))), null,
            new HeaderOperations(set: Map(("x-who", "destination"))), null,
            weighted: true, rewriteAuthority: null);

        var request = Requests.Message("http://r/");
        HeaderOperationsApplier.ApplyRequest(request, plan);
        Assert.Equal("route", Values(request, "x-who"));
        Assert.Equal(2, plan.RequestLevels.Count);
    }

    [Fact]
    public void WeightedDestinations_RouteRemoveRunsAfterDestinationSet()
    {
        var plan = HeaderOperationsPlan.Create(
            new HeaderOperations(remove: ["x"]), null,
            new HeaderOperations(set: Map(("x", "destination"))), null,
            weighted: true, rewriteAuthority: null);

        var request = Requests.Message("http://r/");
        HeaderOperationsApplier.ApplyRequest(request, plan);
        Assert.Null(Values(request, "x"));
    }

    [Fact]
    public void ResponseOperations_FollowTheSameOrder()
    {
        var single = HeaderOperationsPlan.Create(null, new HeaderOperations(set: Map(("x", "route"))), null, new HeaderOperations(set: Map(("x", "destination"))), weighted: false, rewriteAuthority: null);
        var weighted = HeaderOperationsPlan.Create(null, new HeaderOperations(set: Map(("x", "route"))), null, new HeaderOperations(set: Map(("x", "destination"))), weighted: true, rewriteAuthority: null);

        var first = new HttpResponseMessage();
        HeaderOperationsApplier.ApplyResponse(first, single);
        Assert.Equal("destination", Values(first, "x"));

        var second = new HttpResponseMessage();
        HeaderOperationsApplier.ApplyResponse(second, weighted);
        Assert.Equal("route", Values(second, "x"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Authority_RouteLevelWinsOverDestination(bool weighted)
    {
        var destination = new HeaderOperations(set: Map(("host", "destination.example")));

        var fromHeaders = HeaderOperationsPlan.Create(new HeaderOperations(set: Map((":authority", "route.example"))), null, destination, null, weighted, rewriteAuthority: null);
        Assert.Equal("route.example", fromHeaders.Authority);

        var fromRewrite = HeaderOperationsPlan.Create(null, null, destination, null, weighted, rewriteAuthority: "rewrite.example");
        Assert.Equal("rewrite.example", fromRewrite.Authority);

        var destinationOnly = HeaderOperationsPlan.Create(null, null, destination, null, weighted, rewriteAuthority: null);
        Assert.Equal("destination.example", destinationOnly.Authority);
    }

    [Fact]
    public void ApplyRequest_SetsTheHost()
    {
        var plan = HeaderOperationsPlan.Create(null, null, null, null, weighted: false, rewriteAuthority: "ratings.prod:9080");
        var request = Requests.Message("http://ratings:9080/");
        HeaderOperationsApplier.ApplyRequest(request, plan);
        Assert.Equal("ratings.prod:9080", request.Headers.Host);
    }

    [Fact]
    public void EmptyPlan_HasNoLevels()
    {
        var plan = HeaderOperationsPlan.Create(null, null, null, null, weighted: true, rewriteAuthority: null);
        Assert.Empty(plan.RequestLevels);
        Assert.Empty(plan.ResponseLevels);
        Assert.Null(plan.Authority);
    }
}
