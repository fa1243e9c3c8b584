using MeshLib.Configuration;

namespace MeshLib.Tests.Configuration.Parsing;

public sealed record TestRouteConfig : ConfigElement
{
    public string? Name { get; init; }

    public Duration? Timeout { get; init; }

    public EquatableList<TestDestinationConfig>? Route { get; init; }

    public TestRetriesConfig? Retries { get; init; }
}
