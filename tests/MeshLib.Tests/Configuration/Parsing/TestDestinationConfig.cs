using MeshLib.Configuration;

namespace MeshLib.Tests.Configuration.Parsing;

public sealed record TestDestinationConfig : ConfigElement
{
    public string? Host { get; init; }

    public string? Subset { get; init; }

    public int? Weight { get; init; }
}
