using System.Runtime.Serialization;

namespace MeshLib.Configuration.DestinationRule;

/// <summary>Istio <c>ConnectionPoolSettings.HTTPSettings.H2UpgradePolicy</c>: HTTP/1.1 to HTTP/2 upgrade policy.</summary>
public enum H2UpgradePolicy
{
    /// <summary>Use the mesh-wide default.</summary>
    [EnumMember(Value = "DEFAULT")]
    Default = 0,

    /// <summary>Do not upgrade to HTTP/2.</summary>
    [EnumMember(Value = "DO_NOT_UPGRADE")]
    DoNotUpgrade = 1,

    /// <summary>Upgrade to HTTP/2.</summary>
    [EnumMember(Value = "UPGRADE")]
    Upgrade = 2,
}
