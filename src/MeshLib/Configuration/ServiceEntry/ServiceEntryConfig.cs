namespace MeshLib.Configuration.ServiceEntry;

/// <summary>The spec of an Istio <c>ServiceEntry</c>.</summary>
public sealed record ServiceEntryConfig : ConfigElement
{
}
