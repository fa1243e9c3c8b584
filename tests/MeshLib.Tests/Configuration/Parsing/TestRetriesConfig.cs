using MeshLib.Configuration;

namespace MeshLib.Tests.Configuration.Parsing;

public sealed record TestRetriesConfig : ConfigElement
{
    public int? Attempts { get; init; }

    public Duration? PerTryTimeout { get; init; }

    public string? RetryOn { get; init; }
}
