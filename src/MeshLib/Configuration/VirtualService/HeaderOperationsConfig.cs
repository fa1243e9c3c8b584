namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>Headers.HeaderOperations</c>: set, add and remove headers.</summary>
public sealed record HeaderOperationsConfig : ConfigElement
{
    /// <summary>Headers to overwrite (or add when absent); default: none.</summary>
    public EquatableDictionary<string>? Set { get; init; }

    /// <summary>Header values to append; default: none.</summary>
    public EquatableDictionary<string>? Add { get; init; }

    /// <summary>Header names to remove; default: none.</summary>
    public EquatableList<string>? Remove { get; init; }
}
