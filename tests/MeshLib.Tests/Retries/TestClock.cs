using Microsoft.Extensions.Time.Testing;

namespace MeshLib.Tests.Retries;

/// <summary>A fake clock that counts the timers armed on it, so tests can wait until a delay or timeout is in place before advancing.</summary>
internal sealed class TestClock : FakeTimeProvider
{
    private int _timersCreated;

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timersCreated);
        return timer;
    }

    public Task WaitForTimersAsync(int count) => Eventually.TrueAsync(() => TimersCreated >= count);
}
