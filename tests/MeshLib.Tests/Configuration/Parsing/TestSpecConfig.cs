using MeshLib.Configuration;

namespace MeshLib.Tests.Configuration.Parsing;

// A spec exercising every property shape the binder supports.
public sealed record TestSpecConfig : ConfigElement
{
    public EquatableList<string>? Hosts { get; init; }

    public EquatableList<TestRouteConfig>? Http { get; init; }

    public TestPolicy? Policy { get; init; }

    public EquatableList<TestPolicy>? Policies { get; init; }

    public EquatableDictionary<string>? Labels { get; init; }

    public EquatableDictionary<TestMatchConfig>? Headers { get; init; }

    public bool? Enabled { get; init; }

    public int? Priority { get; init; }

    public uint? Port { get; init; }

    public long? Big { get; init; }

    public ulong? Huge { get; init; }

    public double? Ratio { get; init; }

    [ConfigKey("consecutive5xxErrors", ProtoName = "consecutive_5xx_errors")]
    public uint? Consecutive5xxErrors { get; init; }

    public TestRetriesConfig? Retries { get; init; }

    public TestRetriesConfig? Outlier { get; init; }

    // Computed members are not configuration and are never bound.
    public int HostCount => Hosts?.Count ?? 0;
}
