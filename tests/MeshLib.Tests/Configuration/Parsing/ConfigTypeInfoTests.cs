using MeshLib.Configuration;
using MeshLib.Configuration.Parsing;
using MeshLib.Configuration.Resources;

namespace MeshLib.Tests.Configuration.Parsing;

public class ConfigTypeInfoTests
{
    public static TheoryData<Type> ConfigRecordTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(ConfigElement).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ConfigElement)) && !t.IsAbstract && t != typeof(MeshResource))
            .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            data.Add(type);
        }

        return data;
    }

    // Every record in the library must be bindable: this catches an unsupported property type when it is added.
    [Theory]
    [MemberData(nameof(ConfigRecordTypes))]
    public void For_EveryLibraryRecord_BuildsBindingMetadata(Type type)
    {
        var info = ConfigTypeInfo.For(type);

        Assert.Equal(type, info.Type);
        Assert.DoesNotContain(info.Properties, p => p.Key is "source" or "fieldSources");
    }

    [Fact]
    public void For_TestRecord_DerivesCamelAndSnakeKeysAndHonoursConfigKey()
    {
        var info = ConfigTypeInfo.For(typeof(TestSpecConfig));

        Assert.True(info.TryGetProperty("consecutive_5xx_errors", out var byProto));
        Assert.Equal("consecutive5xxErrors", byProto.Key);
        Assert.False(info.TryGetProperty("consecutive5xx_errors", out _));
        Assert.False(info.TryGetProperty("hostCount", out _));
        Assert.True(ConfigTypeInfo.For(typeof(TestRetriesConfig)).TryGetProperty("per_try_timeout", out var perTry));
        Assert.Equal("perTryTimeout", perTry.Key);
        Assert.Same(info, ConfigTypeInfo.For(typeof(TestSpecConfig)));
    }

    [Theory]
    [InlineData("perTryTimeout", "per_try_timeout")]
    [InlineData("http1MaxPendingRequests", "http1_max_pending_requests")]
    [InlineData("hosts", "hosts")]
    public void SnakeCase_InsertsUnderscoreBeforeCapitals(string camel, string snake)
    {
        Assert.Equal(snake, ConfigPropertyInfo.SnakeCase(camel));
    }
}
