using System.Diagnostics;

namespace MeshLib.Tests.Retries;

/// <summary>Waits (yielding, never sleeping) for work running on other threads to reach a state.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("The condition did not become true.");
            }

            await Task.Yield();
        }
    }
}
