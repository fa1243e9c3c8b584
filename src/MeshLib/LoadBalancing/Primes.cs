namespace MeshLib.LoadBalancing;

/// <summary>Primality for Maglev table sizes (a non-prime size can make the table build loop forever).</summary>
internal static class Primes
{
    /// <summary>Deterministic trial division; table sizes are at most a few million.</summary>
    /// <param name="value">The number to test.</param>
    /// <returns>True when <paramref name="value"/> is prime.</returns>
    public static bool IsPrime(ulong value)
    {
        if (value < 4)
        {
            return value >= 2;
        }

        if (value % 2 == 0 || value % 3 == 0)
        {
            return false;
        }

        for (ulong divisor = 5; divisor * divisor <= value; divisor += 6)
        {
            if (value % divisor == 0 || value % (divisor + 2) == 0)
            {
                return false;
            }
        }

        return true;
    }
}
