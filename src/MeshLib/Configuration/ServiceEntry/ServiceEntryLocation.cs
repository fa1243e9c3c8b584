using System.Runtime.Serialization;

namespace MeshLib.Configuration.ServiceEntry;

/// <summary>Istio <c>ServiceEntry.Location</c>: whether the service is part of the mesh.</summary>
public enum ServiceEntryLocation
{
    /// <summary>Outside the mesh; no Istio mTLS (default).</summary>
    [EnumMember(Value = "MESH_EXTERNAL")]
    MeshExternal = 0,

    /// <summary>Part of the mesh.</summary>
    [EnumMember(Value = "MESH_INTERNAL")]
    MeshInternal = 1,
}
