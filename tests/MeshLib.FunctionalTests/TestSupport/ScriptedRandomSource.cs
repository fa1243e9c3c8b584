using MeshLib.Internal;

namespace MeshLib.FunctionalTests.TestSupport;

/// <summary>
/// A <see cref="RandomSource"/> for tests: scripted draws are returned first, in order, per kind of draw; once a
/// script is used up the draws come from a <see cref="Random"/> seeded with <c>seed</c>, so runs are reproducible.
/// Register it in DI before <c>AddMesh()</c> (which only adds the shared source when none is registered).
/// </summary>
internal sealed class ScriptedRandomSource(int seed = 1) : RandomSource
{
    private readonly Lock _gate = new();
    private readonly Random _random = new(seed);
    private readonly Queue<ulong> _uint64 = new();
    private readonly Queue<int> _ints = new();
    private readonly Queue<double> _doubles = new();

    /// <summary>Queues draws for <see cref="NextUInt64"/> (weighted destination picks, weighted random LB).</summary>
    public ScriptedRandomSource ScriptUInt64(params ulong[] draws)
    {
        lock (_gate)
        {
            foreach (var draw in draws)
            {
                _uint64.Enqueue(draw);
            }
        }

        return this;
    }

    /// <summary>Queues draws for <see cref="Next"/> (RANDOM and LEAST_REQUEST endpoint sampling); each is taken modulo the bound.</summary>
    public ScriptedRandomSource ScriptNext(params int[] draws)
    {
        lock (_gate)
        {
            foreach (var draw in draws)
            {
                _ints.Enqueue(draw);
            }
        }

        return this;
    }

    /// <summary>Queues draws for <see cref="NextDouble"/> (mirror and fault percentages, retry jitter).</summary>
    public ScriptedRandomSource ScriptDouble(params double[] draws)
    {
        lock (_gate)
        {
            foreach (var draw in draws)
            {
                _doubles.Enqueue(draw);
            }
        }

        return this;
    }

    /// <summary>How many scripted <see cref="Next"/> draws are still queued.</summary>
    public int PendingNext
    {
        get
        {
            lock (_gate)
            {
                return _ints.Count;
            }
        }
    }

    /// <summary>How many scripted <see cref="NextUInt64"/> draws are still queued.</summary>
    public int PendingUInt64
    {
        get
        {
            lock (_gate)
            {
                return _uint64.Count;
            }
        }
    }

    public override double NextDouble()
    {
        lock (_gate)
        {
            return _doubles.TryDequeue(out var draw) ? draw : _random.NextDouble();
        }
    }

    public override int Next(int maxExclusive)
    {
        lock (_gate)
        {
            return _ints.TryDequeue(out var draw) ? draw % maxExclusive : _random.Next(maxExclusive);
        }
    }

    public override ulong NextUInt64()
    {
        lock (_gate)
        {
            if (_uint64.TryDequeue(out var draw))
            {
                return draw;
            }

            Span<byte> bytes = stackalloc byte[sizeof(ulong)];
            _random.NextBytes(bytes);
            return BitConverter.ToUInt64(bytes);
        }
    }
}
