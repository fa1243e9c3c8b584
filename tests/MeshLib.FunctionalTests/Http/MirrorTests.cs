using System.Net;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Http;

/// <summary>Mirrors: a copy goes to the mirror, fire and forget; the caller sees only the main response.</summary>
public sealed class MirrorTests : IClassFixture<ReviewsBackends>, IDisposable
{
    private const string Url = "http://reviews:9080/reviews/0?mirror=1";
    private readonly ReviewsBackends _backends;

    public MirrorTests(ReviewsBackends backends)
    {
        _backends = backends;
        backends.Reset();
    }

    public void Dispose() => _backends.Reset();

    private static string MirrorVirtualService(string mirror) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {"{"}name: reviews{"}"}
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {"{"}host: reviews, subset: v1{"}"}
        {string.Join('\n', mirror.Split('\n').Select(line => "  " + line))}
        """;

    private MeshHarness Mesh(string mirror, params string[] extra) =>
        MeshHarness.FromYaml([_backends.Registry, ReviewsBackends.Subsets(), MirrorVirtualService(mirror), .. extra]);

    [Fact]
    public async Task Mirror100_TheMirrorReceivesACopy()
    {
        await using var mesh = Mesh("""
              mirror: {host: reviews, subset: v2}
              mirrorPercentage: {value: 100}
            """);
        using var response = await mesh.SendAsync(HttpMethod.Post, Url, ("x-trace", "t1"));
        Assert.Equal("reviews-v1", (await BackendAnswer.ReadAsync(response)).Backend);

        var mirror = _backends["reviews-v2"];
        Assert.True(await Poll.UntilAsync(() => !mirror.Received.IsEmpty, TimeSpan.FromSeconds(5)), "the mirror received nothing");
        Assert.True(mirror.Received.TryPeek(out var copy));
        Assert.Equal("POST", copy.Method);
        Assert.Equal("/reviews/0?mirror=1", copy.PathAndQuery);
        Assert.Equal("t1", copy.Headers["x-trace"]);
        // Istio today leaves the mirrored Host unchanged (no -shadow suffix).
        Assert.Equal("reviews:9080", copy.Headers["host"]);
        Assert.Single(_backends["reviews-v1"].Received);
    }

    [Fact]
    public async Task Mirror_WithoutPercentage_MirrorsEverything_IncludingTheBody()
    {
        await using var mesh = Mesh("  mirror: {host: reviews, subset: v3}");
        for (var i = 0; i < 5; i++)
        {
            using var content = new StringContent($"body-{i}");
            using var response = await mesh.Client.PostAsync(Url, content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var mirror = _backends["reviews-v3"];
        Assert.True(await Poll.UntilAsync(() => mirror.Received.Count >= 5, TimeSpan.FromSeconds(5)), $"the mirror received {mirror.Received.Count} of 5");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"body-{i}").Order(), mirror.Received.Select(r => r.Body).Order());
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"body-{i}"), _backends["reviews-v1"].Received.Select(r => r.Body));
    }

    [Fact]
    public async Task Mirror0_NeverMirrors()
    {
        await using var mesh = Mesh("""
              mirror: {host: reviews, subset: v2}
              mirrorPercentage: {value: 0}
            """);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("reviews-v1", await mesh.BackendOfAsync(Url));
        }

        // A mirror that was sent would arrive in well under this bounded wait.
        Assert.False(await Poll.UntilAsync(() => !_backends["reviews-v2"].Received.IsEmpty, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task MirrorPercentage_OneDrawPerRequest_BelowTheShareMirrors()
    {
        // 50%: a draw below 0.5 mirrors, one at or above does not.
        var random = new ScriptedRandomSource().ScriptDouble(0.49, 0.5, 0.99, 0.0);
        await using var mesh = MeshHarness.Create(
            m => m.AddYaml(_backends.Registry).AddYaml(ReviewsBackends.Subsets()).AddYaml(MirrorVirtualService("""
                  mirror: {host: reviews, subset: v2}
                  mirrorPercentage: {value: 50}
                """)),
            random);
        for (var i = 0; i < 4; i++)
        {
            using var response = await mesh.GetAsync($"{Url}&n={i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var mirror = _backends["reviews-v2"];
        Assert.True(await Poll.UntilAsync(() => mirror.Received.Count >= 2, TimeSpan.FromSeconds(5)), $"the mirror received {mirror.Received.Count} of 2");
        Assert.False(await Poll.UntilAsync(() => mirror.Received.Count > 2, TimeSpan.FromMilliseconds(200)));
        Assert.Equal(["/reviews/0?mirror=1&n=0", "/reviews/0?mirror=1&n=3"], mirror.Received.Select(r => r.PathAndQuery).Order());
    }

    [Fact]
    public async Task Mirrors_EachTargetWithItsOwnPercentage()
    {
        await using var mesh = Mesh("""
              mirrors:
              - destination: {host: reviews, subset: v2}
              - destination: {host: reviews, subset: v3}
                percentage: {value: 0}
            """);
        Assert.Equal("reviews-v1", await mesh.BackendOfAsync(Url));
        Assert.True(await Poll.UntilAsync(() => !_backends["reviews-v2"].Received.IsEmpty, TimeSpan.FromSeconds(5)));
        Assert.Empty(_backends["reviews-v3"].Received);
    }

    [Fact]
    public async Task MirrorBackendDown_TheMainResponseIsUnaffected()
    {
        var closed = MeshYaml.ClosedPort();
        await using var mesh = Mesh(
            "  mirror: {host: shadow}",
            MeshYaml.ServiceEntry("shadow", 9080, (closed, "app: shadow")));
        for (var i = 0; i < 5; i++)
        {
            using var response = await mesh.GetAsync(Url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("reviews-v1", (await BackendAnswer.ReadAsync(response)).Backend);
        }
    }

    [Fact]
    public async Task SlowMirror_DoesNotDelayTheMainResponse()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _backends["reviews-v2"].Handler = async _ =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return false;
        };

        try
        {
            await using var mesh = Mesh("  mirror: {host: reviews, subset: v2}");
            using var response = await mesh.GetAsync(Url).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal("reviews-v1", (await BackendAnswer.ReadAsync(response)).Backend);
        }
        finally
        {
            release.SetResult();
        }
    }
}
