using Microsoft.AspNetCore.Http;

namespace MeshLib.FunctionalTests.TestSupport;

/// <summary>Behaviours for <see cref="TestBackend.Handler"/>: a fixed status, a delay, failing first, holding requests.</summary>
internal static class BackendHandlers
{
    /// <summary>Answers <paramref name="status"/> with the body <c>backend STATUS</c>.</summary>
    public static Func<HttpContext, Task<bool>> Status(int status) => async context =>
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsync("backend " + status);
        return true;
    };

    /// <summary>Waits <paramref name="delay"/> (or until the client goes away), then falls through to the default answer.</summary>
    public static Func<HttpContext, Task<bool>> Delay(TimeSpan delay) => async context =>
    {
        try
        {
            await Task.Delay(delay, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return true;
        }

        return false;
    };

    /// <summary>Answers the first <paramref name="failures"/> requests with <paramref name="status"/>, then the default answer.</summary>
    public static Func<HttpContext, Task<bool>> FailFirst(int failures, int status)
    {
        var calls = 0;
        var fail = Status(status);
        return async context => Interlocked.Increment(ref calls) <= failures && await fail(context);
    }

    /// <summary>Holds requests for <paramref name="path"/> until <paramref name="release"/> completes, then gives the default answer.</summary>
    public static Func<HttpContext, Task<bool>> Hold(string path, Task release) => async context =>
    {
        if (context.Request.Path == path)
        {
            try
            {
                await release.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        }

        return false;
    };
}
