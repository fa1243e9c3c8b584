using System.Numerics;

namespace MeshLib.Load.Driver;

/// <summary>
/// Latencies in nanoseconds, HdrHistogram-style: exact below 128 ns, then 64 linear buckets per power of two, so a
/// reported value is within 0.8% of the true one. Fixed size, no allocation while recording; one per worker,
/// merged at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int LinearBits = 7;
    private const int Linear = 1 << LinearBits;
    private const int Half = Linear / 2;

    private readonly long[] _counts = new long[Linear + ((64 - LinearBits) * Half)];

    public long Count { get; private set; }

    public long MaxNanoseconds { get; private set; }

    private double SumNanoseconds { get; set; }

    public double MeanNanoseconds => Count == 0 ? 0 : SumNanoseconds / Count;

    public void Record(long nanoseconds)
    {
        var value = Math.Max(nanoseconds, 0);
        _counts[Index(value)]++;
        Count++;
        SumNanoseconds += value;
        MaxNanoseconds = Math.Max(MaxNanoseconds, value);
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        SumNanoseconds += other.SumNanoseconds;
        MaxNanoseconds = Math.Max(MaxNanoseconds, other.MaxNanoseconds);
    }

    /// <summary>The value at <paramref name="percent"/> (0–100]: the middle of the bucket holding that rank.</summary>
    public double Percentile(double percent)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percent / 100 * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                var (low, width) = Bucket(i);
                return Math.Min(low + ((width - 1) / 2.0), MaxNanoseconds);
            }
        }

        return MaxNanoseconds;
    }

    private static int Index(long value)
    {
        if (value < Linear)
        {
            return (int)value;
        }

        // The top 7 significant bits pick the bucket: shift them down to [64, 128).
        var shift = BitOperations.Log2((ulong)value) - (LinearBits - 1);
        var top = (int)(value >> shift);
        return Linear + ((shift - 1) * Half) + (top - Half);
    }

    private static (long Low, long Width) Bucket(int index)
    {
        if (index < Linear)
        {
            return (index, 1);
        }

        var shift = ((index - Linear) / Half) + 1;
        var top = ((index - Linear) % Half) + Half;
        return ((long)top << shift, 1L << shift);
    }
}
