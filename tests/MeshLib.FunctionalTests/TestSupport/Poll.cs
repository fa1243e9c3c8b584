namespace MeshLib.FunctionalTests.TestSupport;

/// <summary>Bounded polling: short delays, an overall deadline.</summary>
internal static class Poll
{
    /// <summary>Waits until <paramref name="condition"/> holds; false when <paramref name="timeout"/> passes first.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, int delayMilliseconds = 20)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(delayMilliseconds);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; false when <paramref name="timeout"/> passes first.</summary>
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout, int delayMilliseconds = 20) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, delayMilliseconds);
}
