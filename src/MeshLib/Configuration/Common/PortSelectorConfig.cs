namespace MeshLib.Configuration.Common;

/// <summary>Istio <c>PortSelector</c>: a port of a service, by number.</summary>
public sealed record PortSelectorConfig : ConfigElement
{
    /// <summary>The port number (1–65535).</summary>
    public uint? Number { get; init; }
}
