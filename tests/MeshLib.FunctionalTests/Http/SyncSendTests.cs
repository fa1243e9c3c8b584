using System.Collections.Concurrent;
using System.Net;
using MeshLib.FunctionalTests.TestSupport;

namespace MeshLib.FunctionalTests.Http;

/// <summary>The synchronous <c>HttpClient.Send</c> routes through the mesh too, also from a thread with a single-threaded synchronization context (UI threads).</summary>
public sealed class SyncSendTests(ReviewsBackends backends) : IClassFixture<ReviewsBackends>
{
    private const string VirtualService = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - match: [{headers: {end-user: {exact: jason}}}]
            route: [{destination: {host: reviews, subset: v2}}]
          - route: [{destination: {host: reviews, subset: v1}}]
        """;

    [Fact]
    public async Task Send_RoutesLikeSendAsync()
    {
        await using var mesh = MeshHarness.FromYaml(backends.Registry, ReviewsBackends.Subsets(), VirtualService);
        var answer = await Task.Run(() => SendOnThisThread(mesh.Client, "http://reviews:9080/reviews/0", jason: true));
        Assert.Equal("reviews-v2", answer);
        Assert.Equal("reviews-v1", await Task.Run(() => SendOnThisThread(mesh.Client, "http://reviews:9080/reviews/0", jason: false)));
    }

    [Fact]
    public async Task Send_PassesUnknownHostsThrough()
    {
        await using var mesh = MeshHarness.FromYaml(backends.Registry);
        var url = $"http://127.0.0.1:{backends["reviews-v3"].Port}/direct";
        Assert.Equal("reviews-v3", await Task.Run(() => SendOnThisThread(mesh.Client, url, jason: false)));
    }

    [Theory]
    [InlineData("http://reviews:9080/reviews/0", "reviews-v2")]
    [InlineData(null, "reviews-v3")]
    public async Task Send_FromAThreadWithASingleThreadedSynchronizationContext_DoesNotDeadlock(string? url, string expected)
    {
        await using var mesh = MeshHarness.FromYaml(backends.Registry, ReviewsBackends.Subsets(), VirtualService);
        url ??= $"http://127.0.0.1:{backends["reviews-v3"].Port}/direct";

        // Warm up (configuration load, connections) so that only the synchronous path is measured below.
        Assert.Equal(expected, await Task.Run(() => SendOnThisThread(mesh.Client, url, jason: true)));

        var context = new BlockedThreadSynchronizationContext();
        string? backend = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(context);
            try
            {
                backend = SendOnThisThread(mesh.Client, url, jason: true);
            }
            catch (Exception exception)
            {
                error = exception;
            }
        })
        {
            IsBackground = true,
        };
        thread.Start();
        var finished = thread.Join(TimeSpan.FromSeconds(10));
        if (!finished)
        {
            // Unblock it elsewhere so the test run can finish.
            context.DrainElsewhere();
            thread.Join(TimeSpan.FromSeconds(10));
        }

        Assert.True(finished, "HttpClient.Send deadlocked: the mesh continued on the caller's blocked synchronization context");
        Assert.Null(error);
        Assert.Equal(expected, backend);
    }

    private static string SendOnThisThread(HttpClient client, string url, bool jason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (jason)
        {
            request.Headers.Add("end-user", "jason");
        }

        using var response = client.Send(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(response.Content.ReadAsStream());
        return BackendAnswer.Parse(reader.ReadToEnd()).Backend;
    }

    /// <summary>A UI-thread-like context: work posted to it runs only when its thread pumps, which a blocked thread never does.</summary>
    private sealed class BlockedThreadSynchronizationContext : SynchronizationContext
    {
        private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _posted = new();
        private volatile bool _drainElsewhere;

        public override void Post(SendOrPostCallback d, object? state)
        {
            if (_drainElsewhere)
            {
                ThreadPool.QueueUserWorkItem(_ => d(state));
                return;
            }

            _posted.Enqueue((d, state));
        }

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

        public void DrainElsewhere()
        {
            _drainElsewhere = true;
            while (_posted.TryDequeue(out var work))
            {
                ThreadPool.QueueUserWorkItem(_ => work.Callback(work.State));
            }
        }
    }
}
