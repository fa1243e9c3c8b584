using MeshLib.FunctionalTests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>
/// Backends and configuration for telemetry through the sidecar: reviews v1 and v2 on real Kestrel servers, and
/// routes whose outcomes carry each of Envoy's response flags — <c>/fault</c> an abort (FI 500), <c>/timeout</c> a
/// 0.2 s route timeout over a slow v1 (UT 504), <c>/limited</c> a one-request circuit breaker (UO 503 for a second
/// concurrent request), <c>/retry</c> a retry over v1's first 503, anything else v2; <c>ratings</c> routes only
/// requests with an <c>end-user</c> header, so others get NR 404.
/// </summary>
public sealed class TelemetryMesh : IAsyncDisposable
{
    public const string V1Cluster = "outbound|9080|v1|reviews.default.svc.cluster.local";
    public const string LimitedCluster = "outbound|9080|limited|reviews.default.svc.cluster.local";

    private readonly TaskCompletionSource _limitedArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _limitedRelease = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _retryCalls;

    private TelemetryMesh(string directory, TestBackend v1, TestBackend v2)
    {
        Directory = directory;
        V1 = v1;
        V2 = v2;
        v1.Handler = HandleV1Async;
    }

    /// <summary>The configuration directory, given to the sidecar as <c>--config</c>.</summary>
    public string Directory { get; }

    public TestBackend V1 { get; }

    public TestBackend V2 { get; }

    /// <summary>Completes when v1 holds a <c>/limited</c> request.</summary>
    public Task LimitedArrived => _limitedArrived.Task;

    public static async Task<TelemetryMesh> StartAsync()
    {
        var v1 = await TestBackend.StartAsync("reviews-v1");
        var v2 = await TestBackend.StartAsync("reviews-v2");
        var directory = System.IO.Directory.CreateTempSubdirectory("meshlib-sidecar-telemetry-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "mesh.yaml"), Configuration(v1.Port, v2.Port));
        return new TelemetryMesh(directory, v1, v2);
    }

    /// <summary>Lets the held <c>/limited</c> request finish.</summary>
    public void ReleaseLimited() => _limitedRelease.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ReleaseLimited();
        await V1.DisposeAsync();
        await V2.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task<bool> HandleV1Async(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (path.StartsWith("/timeout", StringComparison.Ordinal))
        {
            // Longer than the route's timeout; the sidecar cancels it.
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return true;
        }

        if (path.StartsWith("/limited", StringComparison.Ordinal))
        {
            _limitedArrived.TrySetResult();
            await _limitedRelease.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return false;
        }

        if (path.StartsWith("/retry", StringComparison.Ordinal) && Interlocked.Increment(ref _retryCalls) == 1)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("busy");
            return true;
        }

        return false;
    }

    private static string Configuration(int v1Port, int v2Port) => $$$$"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          location: MESH_INTERNAL
          resolution: STATIC
          ports:
          - {number: 9080, name: http, protocol: HTTP}
          endpoints:
          - {address: 127.0.0.1, ports: {http: {{{{v1Port}}}}}, labels: {app: reviews, version: v1}}
          - {address: 127.0.0.1, ports: {http: {{{{v2Port}}}}}, labels: {app: reviews, version: v2}}
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: ratings
        spec:
          hosts: [ratings]
          location: MESH_INTERNAL
          resolution: STATIC
          ports:
          - {number: 9080, name: http, protocol: HTTP}
          endpoints:
          - {address: 127.0.0.1, ports: {http: {{{{v2Port}}}}}, labels: {app: ratings, version: v1}}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          subsets:
          - name: v1
            labels: {version: v1}
          - name: v2
            labels: {version: v2}
          - name: limited
            labels: {version: v1}
            trafficPolicy:
              connectionPool:
                http: {http2MaxRequests: 1}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          http:
          - name: fault
            match: [{uri: {prefix: /fault}}]
            fault: {abort: {httpStatus: 500, percentage: {value: 100}}}
            route: [{destination: {host: reviews, subset: v1}}]
          - name: timeout
            match: [{uri: {prefix: /timeout}}]
            timeout: 0.2s
            route: [{destination: {host: reviews, subset: v1}}]
          - name: limited
            match: [{uri: {prefix: /limited}}]
            route: [{destination: {host: reviews, subset: limited}}]
          - name: retry
            match: [{uri: {prefix: /retry}}]
            retries: {attempts: 2, retryOn: 5xx}
            route: [{destination: {host: reviews, subset: v1}}]
          - name: default
            route: [{destination: {host: reviews, subset: v2}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: ratings
        spec:
          hosts: [ratings]
          http:
          - match:
            - headers:
                end-user: {regex: ".+"}
            route: [{destination: {host: ratings}}]
        """;
}
