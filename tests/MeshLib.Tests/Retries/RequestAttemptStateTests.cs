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
    }
}
