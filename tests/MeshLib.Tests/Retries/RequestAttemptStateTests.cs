using Microsoft.Extensions.Time.Testing;
using MeshLib.Replies;
using MeshLib.Retries;
using MeshLib.Timeouts;

namespace MeshLib.Tests.Retries;

public class RequestAttemptStateTests
{
    [Fact]
    public void TriedEndpoints_KeepOrder_BeyondTheInlineTwo()
    {
        var state = new RequestAttemptState();
        Assert.Equal(0, state.TriedCount);
        Assert.False(state.WasTried("a:1"));

        foreach (var key in new[] { "a:1", "b:1", "c:1", "d:1" })
        {
            state.AddTriedEndpoint(key);
        }

        Assert.Equal(4, state.TriedCount);
        Assert.Equal(["a:1", "b:1", "c:1", "d:1"], state.TriedEndpoints);
        Assert.True(state.WasTried("a:1"));
        Assert.True(state.WasTried("b:1"));
        Assert.True(state.WasTried("d:1"));
        Assert.False(state.WasTried("e:1"));
    }

    [Fact]
    public void Return_ThenRent_GivesACleanState()
    {
        var used = RequestAttemptState.Rent();
        used.IsGrpc = true;
        used.RetriesDisabled = true;
        used.TimeoutOverrides = new TimeoutOverrides(TimeSpan.FromSeconds(1), null);
        used.TryEnterRetry = () => true;
        used.ExitRetry = () => { };
        used.Begin(TimeProvider.System, new RequestTimeouts(TimeSpan.FromSeconds(5), null), "5000");
        used.AttemptCount = 3;
        used.AddTriedEndpoint("a:1");
        used.AddTriedEndpoint("b:1");
        used.AddTriedEndpoint("c:1");
        used.CompleteWithLocalReply(ResponseFlags.UpstreamOverflow);
        RequestAttemptState.Return(used);

        var state = RequestAttemptState.Rent();

        Assert.Same(used, state);
        Assert.Equal(0, state.AttemptCount);
        Assert.Equal(ResponseFlags.None, state.Flags);
        Assert.False(state.IsGrpc);
        Assert.False(state.RetriesDisabled);
        Assert.False(state.IsLocalReply);
        Assert.Equal(default, state.TimeoutOverrides);
        Assert.Equal(default, state.Timeouts);
        Assert.Null(state.TryEnterRetry);
        Assert.Null(state.ExitRetry);
        Assert.Equal(0, state.TriedCount);
        Assert.False(state.WasTried("c:1"));
        Assert.Null(state.ExpectedTimeoutMilliseconds());
        Assert.Null(state.ExpectedTimeoutText());
    }

    [Fact]
    public void ExpectedTimeoutText_IsTheRoutesTextOnTheFirstAttempt_AndTheTimeLeftOnARetry()
    {
        var time = new FakeTimeProvider();
        var state = new RequestAttemptState();
        state.Begin(time, new RequestTimeouts(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3)), "3000");
        state.StartGlobalTimer();
        state.AttemptCount = 1;
        time.Advance(TimeSpan.FromMilliseconds(8500));

        Assert.Equal("3000", state.ExpectedTimeoutText());

        state.AttemptCount = 2;
        Assert.Equal("1500", state.ExpectedTimeoutText());
    }

    [Fact]
    public void ExpectedTimeoutText_WithoutATextGiven_IsComputed_AndAbsentWithoutATimeout()
    {
        var state = new RequestAttemptState();
        state.Begin(TimeProvider.System, new RequestTimeouts(TimeSpan.FromMilliseconds(750), null));
        state.AttemptCount = 1;
        Assert.Equal("750", state.ExpectedTimeoutText());

        state.Begin(TimeProvider.System, default);
        Assert.Null(state.ExpectedTimeoutText());
    }
}
