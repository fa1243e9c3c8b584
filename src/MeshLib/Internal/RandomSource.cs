namespace MeshLib.Internal;

/// <summary>
/// The source of every random choice MeshLib makes (load balancing, weighted routing, jitter), so that
/// tests can script the draws and assert exact outcomes instead of statistics.
/// </summary>
internal abstract class RandomSource
{
    /// <summary>The process-wide default, backed by <see cref="Random.Shared"/> (thread-safe).</summary>
    public static RandomSource Shared => SharedRandomSource.Instance;

    /// <summary>Returns a value in [0, 1).</summary>
    /// <returns>A uniformly distributed double.</returns>
    public abstract double NextDouble();

    /// <summary>Returns a value in [0, <paramref name="maxExclusive"/>).</summary>
    /// <param name="maxExclusive">The exclusive upper bound; must be positive.</param>
    /// <returns>A uniformly distributed integer.</returns>
    public abstract int Next(int maxExclusive);

    /// <summary>Returns 64 uniformly distributed bits (Envoy's <c>random()</c>, used for hashes and modulo picks).</summary>
    /// <returns>A uniformly distributed unsigned 64-bit integer.</returns>
    public abstract ulong NextUInt64();
}
