using System.Net.Http.Json;
using System.Text;
using MeshLib.Retries;

namespace MeshLib.Tests.Retries;

public class RequestBodyBufferTests
{
    [Fact]
    public async Task NoContent_IsReplayable()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://reviews/");
        var state = new RequestAttemptState();

        Assert.True(await RequestBodyBuffer.PrepareForRetriesAsync(request, 10, state, CancellationToken.None));
        Assert.False(state.RetriesDisabled);
    }

    [Fact]
    public async Task ByteArrayContent_IsKeptAsIs()
    {
        using var content = new StringContent("hello");
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://reviews/") { Content = content };

        Assert.True(await RequestBodyBuffer.PrepareForRetriesAsync(request, 1, null, CancellationToken.None));
        Assert.Same(content, request.Content);
    }

    [Fact]
    public async Task SmallNonSeekableStream_IsBufferedAndCanBeSentTwice()
    {
        var body = Encoding.UTF8.GetBytes("a body that arrives in small reads");
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://reviews/")
        {
            Content = new StreamContent(new NonSeekableStream(body)),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/octet-stream");
        var state = new RequestAttemptState();

        Assert.True(await RequestBodyBuffer.PrepareForRetriesAsync(request, body.Length, state, CancellationToken.None));

        Assert.False(state.RetriesDisabled);
        Assert.Equal(body, await request.Content.ReadAsByteArrayAsync());
        Assert.Equal(body, await request.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/octet-stream", request.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body.Length, request.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task LargeNonSeekableStream_DisablesRetriesButStillSendsTheWholeBodyOnce()
    {
        var body = Encoding.UTF8.GetBytes(new string('x', 100) + "END");
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://reviews/")
        {
            Content = new StreamContent(new NonSeekableStream(body)),
        };
        var state = new RequestAttemptState();

        Assert.False(await RequestBodyBuffer.PrepareForRetriesAsync(request, 16, state, CancellationToken.None));

        Assert.True(state.RetriesDisabled);
        using var sent = new MemoryStream();
        await request.Content.CopyToAsync(sent);
        Assert.Equal(body, sent.ToArray());
        await Assert.ThrowsAsync<InvalidOperationException>(() => request.Content.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task DeclaredLengthAboveBound_DisablesRetriesWithoutReading()
    {
        using var stream = new MemoryStream(new byte[64]);
        using var content = new StreamContent(stream);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://reviews/") { Content = content };
        var state = new RequestAttemptState();

        Assert.False(await RequestBodyBuffer.PrepareForRetriesAsync(request, 63, state, CancellationToken.None));

        Assert.True(state.RetriesDisabled);
        Assert.Same(content, request.Content);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public async Task SerialisingContent_IsLoadedIntoItsBuffer()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://reviews/") { Content = JsonContent.Create(new { name = "reviews" }) };

        Assert.True(await RequestBodyBuffer.PrepareForRetriesAsync(request, 1024, null, CancellationToken.None));
        Assert.Equal("{\"name\":\"reviews\"}", await request.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SerialisingContentAboveBound_DisablesRetries()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://reviews/") { Content = JsonContent.Create(new { name = new string('r', 200) }) };
        var state = new RequestAttemptState();

        Assert.False(await RequestBodyBuffer.PrepareForRetriesAsync(request, 64, state, CancellationToken.None));
        Assert.True(state.RetriesDisabled);
    }
}
