using MeshLib.Internal;

namespace MeshLib.Tests.TestSupport;

/// <summary>A reproducible pseudo-random <see cref="RandomSource"/> for statistical tests.</summary>
internal sealed class SeededRandomSource(int seed) : RandomSource
{
    private readonly Random _random = new(seed);

    public override double NextDouble() => _random.NextDouble();

    public override int Next(int maxExclusive) => _random.Next(maxExclusive);

    public override ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        _random.NextBytes(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}
