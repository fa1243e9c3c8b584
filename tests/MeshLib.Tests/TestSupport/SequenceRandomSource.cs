using MeshLib.Internal;

namespace MeshLib.Tests.TestSupport;

/// <summary>
/// A scripted <see cref="RandomSource"/>: each method replays its own list of values in order and throws when
/// the list runs out (so a test also proves how many draws the code under test made).
/// </summary>
internal sealed class SequenceRandomSource : RandomSource
{
    private readonly Queue<int> _ints;
    private readonly Queue<ulong> _uint64s;
    private readonly Queue<double> _doubles;

    public SequenceRandomSource(IEnumerable<int>? ints = null, IEnumerable<ulong>? uint64s = null, IEnumerable<double>? doubles = null)
    {
        _ints = new Queue<int>(ints ?? []);
        _uint64s = new Queue<ulong>(uint64s ?? []);
        _doubles = new Queue<double>(doubles ?? []);
    }

    public int RemainingInts => _ints.Count;

    public int RemainingUInt64s => _uint64s.Count;

    public static SequenceRandomSource OfInts(params int[] values) => new(ints: values);

    public static SequenceRandomSource OfUInt64s(params ulong[] values) => new(uint64s: values);

    public override double NextDouble() =>
        _doubles.TryDequeue(out var value) ? value : throw new InvalidOperationException("No scripted double left.");

    public override int Next(int maxExclusive)
    {
        if (!_ints.TryDequeue(out var value))
        {
            throw new InvalidOperationException("No scripted int left.");
        }

        if (value < 0 || value >= maxExclusive)
        {
            throw new InvalidOperationException($"Scripted int {value} is outside [0, {maxExclusive}).");
        }

        return value;
    }

    public override ulong NextUInt64() =>
        _uint64s.TryDequeue(out var value) ? value : throw new InvalidOperationException("No scripted ulong left.");
}
