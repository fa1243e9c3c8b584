using System.Net;
using MeshLib.Clusters;
using MeshLib.ConnectionPool;
using MeshLib.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib.Tests.Http;

/// <summary>
/// When an attempt gives back its endpoint's active-request count and its connection-pool slot: with the body, or at
/// once when the response has no body to wait for (Envoy's stream ends with the headers).
/// </summary>
public sealed class AttemptLeaseTests : IDisposable
{
    private const string Yaml = """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: svc}
        spec:
          hosts: [svc]
          location: MESH_INTERNAL
          resolution: STATIC
          ports: [{number: 80, name: http, protocol: HTTP}]
          endpoints: [{address: 10.0.0.1}]
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: svc}
        spec:
          host: svc
          trafficPolicy:
            connectionPool:
              http: {http2MaxRequests: 10}
        """;

    private readonly Terminal _terminal = new();
    private readonly ServiceProvider _provider;
    private readonly HttpClient _client;

    public AttemptLeaseTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClusterTransportFactory>(new TerminalFactory(_terminal));
        services.AddMesh().AddYaml(Yaml);
        services.AddHttpClient("mesh").AddMesh();
        _provider = services.BuildServiceProvider();
        _client = _provider.GetRequiredService<IHttpClientFactory>().CreateClient("mesh");
    }

    public void Dispose()
    {
        _client.Dispose();
        _provider.Dispose();
    }

    [Fact]
    public async Task ResponseWithoutContent_EndsTheAttemptAtHeaders()
    {
        _terminal.Answer = () => new HttpResponseMessage(HttpStatusCode.NoContent);

        using var response = await _client.GetAsync("http://svc/a", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.IsNotType<ReleasingContent>(response.Content);
        AssertIdle(Cluster());
    }

    [Fact]
    public async Task ContentLengthZero_EndsTheAttemptAtHeaders()
    {
        _terminal.Answer = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };

        using var response = await _client.GetAsync("http://svc/a", HttpCompletionOption.ResponseHeadersRead);

        AssertIdle(Cluster());
    }

    [Fact]
    public async Task ResponseWithBody_HoldsTheAttemptUntilTheBodyIsRead()
    {
        _terminal.Answer = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("hello") };

        var response = await _client.GetAsync("http://svc/a", HttpCompletionOption.ResponseHeadersRead);
        var cluster = Cluster();
        Assert.Equal(1, cluster.Limiter.Active);
        Assert.Equal(1, cluster.Endpoints[0].ActiveRequests);

        // The wrapper shows the upstream's content headers.
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(5, response.Content.Headers.ContentLength);
        Assert.Equal("hello", await response.Content.ReadAsStringAsync());
        AssertIdle(cluster);
        response.Dispose();
        AssertIdle(cluster);
    }

    [Fact]
    public async Task ResponseWithBody_ContentHeadersOfSeveralValues_KeepEveryValue()
    {
        _terminal.Answer = () =>
        {
            var content = new StringContent("hello");
            content.Headers.ContentEncoding.Add("gzip");
            content.Headers.ContentEncoding.Add("br");
            content.Headers.TryAddWithoutValidation("x-upstream", ["a", "b"]);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        };

        using var response = await _client.GetAsync("http://svc/a", HttpCompletionOption.ResponseHeadersRead);

        Assert.IsType<ReleasingContent>(response.Content);
        Assert.Equal(["gzip", "br"], response.Content.Headers.ContentEncoding);
        Assert.Equal(["a", "b"], response.Content.Headers.GetValues("x-upstream"));
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task ResponseWithBody_DisposedUnread_EndsTheAttempt()
    {
        _terminal.Answer = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("hello") };

        var response = await _client.GetAsync("http://svc/a", HttpCompletionOption.ResponseHeadersRead);
        response.Dispose();

        AssertIdle(Cluster());
    }

    [Fact]
    public async Task ResponseBodyStillArriving_HoldsTheAttemptWhileTheCallerBuffersIt_ThenEndsIt()
    {
        var body = new TrickleContent();
        _terminal.Answer = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = body };

        using var response = await _client.GetAsync("http://svc/a", HttpCompletionOption.ResponseHeadersRead);
        var buffering = response.Content.LoadIntoBufferAsync();
        await body.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var cluster = Cluster();
        Assert.False(buffering.IsCompleted);
        Assert.Equal(1, cluster.Limiter.Active);

        body.Finish.SetResult();
        await buffering.WaitAsync(TimeSpan.FromSeconds(10));

        AssertIdle(cluster);
        Assert.Equal("late", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ResponseBodyFailing_EndsTheAttempt_AndTheCallerSeesTheFailure()
    {
        var body = new TrickleContent();
        _terminal.Answer = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = body };

        using var response = await _client.GetAsync("http://svc/a", HttpCompletionOption.ResponseHeadersRead);
        var buffering = response.Content.LoadIntoBufferAsync();
        await body.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        body.Finish.SetException(new IOException("upstream reset"));

        await Assert.ThrowsAnyAsync<Exception>(() => buffering.WaitAsync(TimeSpan.FromSeconds(10)));
        AssertIdle(Cluster());
    }

    [Fact]
    public async Task AttemptUri_NamesTheEndpoint_AndIsReusedWhileThePathRepeats()
    {
        _terminal.Answer = () => new HttpResponseMessage(HttpStatusCode.OK);

        using var first = await _client.GetAsync("http://svc/a?x=1");
        var firstUri = _terminal.LastRequest!.RequestUri;
        using var second = await _client.GetAsync("http://svc/a?x=1");
        var secondUri = _terminal.LastRequest!.RequestUri;
        using var third = await _client.GetAsync("http://svc/b");
        var thirdUri = _terminal.LastRequest!.RequestUri;

        Assert.Equal("http://10.0.0.1:80/a?x=1", firstUri!.OriginalString);
        Assert.Same(firstUri, secondUri);
        Assert.Equal("http://10.0.0.1:80/b", thirdUri!.OriginalString);
        Assert.Equal("svc", _terminal.LastRequest.Headers.Host);
    }

    private static void AssertIdle(ClusterState cluster)
    {
        Assert.Equal(0, cluster.Limiter.Active);
        Assert.Equal(0, cluster.Endpoints[0].ActiveRequests);
    }

    private ClusterState Cluster() => _provider.GetRequiredService<MeshRuntime>().Clusters.States.Single();

    private sealed class Terminal : HttpMessageHandler
    {
        public Func<HttpResponseMessage> Answer { get; set; } = () => new HttpResponseMessage(HttpStatusCode.OK);

        public HttpRequestMessage? LastRequest { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastRequest = request;
            var response = Answer();
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }

    // A body whose bytes come after the headers, when the test says so.
    private sealed class TrickleContent : HttpContent
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Finish { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            Started.SetResult();
            await Finish.Task;
            await stream.WriteAsync("late"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 4;
            return true;
        }
    }

    private sealed class TerminalFactory(Terminal terminal) : IClusterTransportFactory
    {
        public HttpMessageHandler Create(string clusterName, ConnectionPoolPolicy policy) => terminal;
    }
}
