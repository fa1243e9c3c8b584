using System.IO.Hashing;
using System.Net;
using MeshLib.LoadBalancing;

namespace MeshLib.Tests.LoadBalancing;

public class HashKeyTests
{
    [Fact]
    public void Compute_IsXxHash64SeedZeroOfUtf8()
    {
        Assert.Equal(0xEF46DB3751D8E999UL, HashKey.Compute(""));
        Assert.Equal(XxHash64.HashToUInt64("user-42"u8), HashKey.Compute("user-42"));
        Assert.Equal(XxHash64.HashToUInt64("grüße"u8.ToArray()), HashKey.Compute("grüße"));
    }

    [Fact]
    public void Compute_LongValue_MatchesDirectHash()
    {
        var value = new string('x', 5000);

        Assert.Equal(XxHash64.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(value)), HashKey.Compute(value));
    }

    [Fact]
    public void Compute_DoesNotAllocate()
    {
        const string value = "session-0123456789abcdef";
        HashKey.Compute(value);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            HashKey.Compute(value);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Combine_RotatesPreviousAndXors()
    {
        Assert.Equal(5UL, HashKey.Combine(null, 5));
        Assert.Equal((0x8000000000000001UL << 1 | 1) ^ 7UL, HashKey.Combine(0x8000000000000001UL, 7));
        Assert.NotEqual(0UL, HashKey.Combine(9, 9)); // duplicate policies do not cancel out
    }

    [Fact]
    public void ForHeader_HashesValueOrReturnsNull()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://reviews/");
        request.Headers.TryAddWithoutValidation("x-user", "jason");

        Assert.Equal(HashKey.Compute("jason"), HashKey.ForHeader(request, "X-User"));
        Assert.Null(HashKey.ForHeader(request, "x-other"));
    }

    [Fact]
    public void ForHeader_SeveralValues_OrderDoesNotMatter()
    {
        using var a = new HttpRequestMessage(HttpMethod.Get, "http://reviews/");
        a.Headers.TryAddWithoutValidation("x-k", ["foo", "bar"]);
        using var b = new HttpRequestMessage(HttpMethod.Get, "http://reviews/");
        b.Headers.TryAddWithoutValidation("x-k", ["bar", "foo"]);

        var expected = HashKey.Compute("foo", HashKey.Compute("bar"));
        Assert.Equal(expected, HashKey.ForHeader(a, "x-k"));
        Assert.Equal(expected, HashKey.ForHeader(b, "x-k"));
    }

    [Fact]
    public void ForCookie_FindsNamedCookie()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://reviews/");
        request.Headers.TryAddWithoutValidation("Cookie", "theme=dark; user=\"abc\"; other=1");

        Assert.Equal(HashKey.Compute("abc"), HashKey.ForCookie(request, "user"));
        Assert.Equal(HashKey.Compute("dark"), HashKey.ForCookie(request, "theme"));
        Assert.Null(HashKey.ForCookie(request, "missing"));
        Assert.Null(HashKey.ForCookie(request, "use"));
    }

    [Fact]
    public void ForCookie_EmptyValueOrNoCookieHeader_IsNull()
    {
        using var empty = new HttpRequestMessage(HttpMethod.Get, "http://reviews/");
        empty.Headers.TryAddWithoutValidation("Cookie", "user=; user=late");
        using var none = new HttpRequestMessage(HttpMethod.Get, "http://reviews/");

        Assert.Null(HashKey.ForCookie(empty, "user"));
        Assert.Null(HashKey.ForCookie(none, "user"));
    }

    [Theory]
    [InlineData("/p?user=jason&x=1", "user", "jason")]
    [InlineData("/p?x=1&user=a%20b", "user", "a%20b")]
    [InlineData("/p?user=first&user=second", "user", "first")]
    [InlineData("/p?flag", "flag", "")]
    [InlineData("?user=j#frag", "user", "j")]
    public void ForQueryParameter_HashesFirstRawValue(string target, string name, string value) =>
        Assert.Equal(HashKey.Compute(value), HashKey.ForQueryParameter(target.AsSpan(), name));

    [Theory]
    [InlineData("/p", "user")]
    [InlineData("/p?username=x", "user")]
    public void ForQueryParameter_Absent_IsNull(string target, string name) =>
        Assert.Null(HashKey.ForQueryParameter(target.AsSpan(), name));

    [Fact]
    public void ForQueryParameter_Uri()
    {
        Assert.Equal(HashKey.Compute("7"), HashKey.ForQueryParameter(new Uri("http://reviews/r?id=7"), "id"));
        Assert.Null(HashKey.ForQueryParameter((Uri?)null, "id"));
    }

    [Fact]
    public void ForSourceIp_HashesAddressText()
    {
        Assert.Equal(HashKey.Compute("10.1.2.3"), HashKey.ForSourceIp(IPAddress.Parse("10.1.2.3")));
        Assert.Equal(HashKey.Compute("fd00::1"), HashKey.ForSourceIp(IPAddress.Parse("fd00:0::1")));
    }

    [Fact]
    public void Endpoint_HashKey_IsEnvoyAddressString()
    {
        Assert.Equal("10.0.0.1:9080", new LbEndpoint("10.0.0.1", 9080).HashKey);
        Assert.Equal("[fd00::1]:9080", new LbEndpoint("fd00::1", 9080).HashKey);
    }
}
