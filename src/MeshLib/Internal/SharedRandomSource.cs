namespace MeshLib.Internal;

/// <summary>The default <see cref="RandomSource"/>: <see cref="Random.Shared"/>, which is thread-safe and allocation-free.</summary>
internal sealed class SharedRandomSource : RandomSource
{
    /// <summary>The single instance.</summary>
    public static readonly SharedRandomSource Instance = new();

    private SharedRandomSource()
    {
    }

    /// <inheritdoc />
    public override double NextDouble() => Random.Shared.NextDouble();

    /// <inheritdoc />
    public override int Next(int maxExclusive) => Random.Shared.Next(maxExclusive);

    /// <inheritdoc />
    public override ulong NextUInt64()
    {
        // NextInt64() yields only 63 bits; hash lookups and modulo picks want the full range.
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        Random.Shared.NextBytes(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}
