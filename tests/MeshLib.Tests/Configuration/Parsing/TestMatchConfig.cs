using MeshLib.Configuration;

namespace MeshLib.Tests.Configuration.Parsing;

public sealed record TestMatchConfig : ConfigElement
{
    public string? Exact { get; init; }

    public string? Prefix { get; init; }
}
