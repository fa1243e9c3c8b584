using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using MeshLib.Clusters;
using MeshLib.ConnectionPool;
using MeshLib.LoadBalancing;
using MeshLib.Model;
using MeshLib.OutlierDetection;
using MeshLib.Replies;
using MeshLib.Retries;
using MeshLib.Routing;
using MeshLib.Telemetry;
using MeshLib.Timeouts;
using Microsoft.Extensions.Logging;
using Polly;

namespace MeshLib.Http;

/// <summary>
/// Routes one request as an Istio sidecar would: virtual host → first matching route → redirect, direct response or
/// forward (fault, weighted pick, route timeout, retries with per-try timeout, circuit breakers, load balancing,
/// outlier detection, mirrors). Every request ends in a response or an exception the caller sees.
/// </summary>
internal sealed class MeshRouter(MeshRuntime runtime, ILogger<MeshRouter> logger)
{
    /// <summary>The largest request body buffered so that it can be sent again on a retry (Envoy's default buffer limit).</summary>
    public const int MaxRetryBodyBytes = 1024 * 1024;

    private const string AttemptCountHeader = "x-envoy-attempt-count";
    private const string HostHeader = "Host";

    /// <summary>Routes <paramref name="request"/>; a host the mesh does not know goes to <paramref name="passthrough"/> (ALLOW_ANY).</summary>
    public Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> passthrough,
        CancellationToken cancellationToken) =>
        RouteAsync(request, passthrough, gatewayRoute: null, MeshRequestTelemetry.IsObserved(runtime), cancellationToken);

    /// <summary>Routes <paramref name="request"/>, received by a gateway listener, with the gateway route table <paramref name="gatewayRoute"/>.</summary>
    public Task<HttpResponseMessage> SendGatewayAsync(HttpRequestMessage request, string gatewayRoute, CancellationToken cancellationToken) =>
        RouteAsync(request, GatewayRouting.NoPassthrough, gatewayRoute, MeshRequestTelemetry.IsObserved(runtime), cancellationToken);

    // Telemetry, when something observes requests (metrics, spans, access log): one recorder per request, completed
    // once at the end. Started here rather than in a wrapper, so that an observed request costs no second task; and
    // inside this async method, so that the span it makes current does not outlive the request in the caller's context.
    private async Task<HttpResponseMessage> RouteAsync(
        HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> passthrough,
        string? gatewayRoute,
        bool observed,
        CancellationToken cancellationToken)
    {
        var telemetry = observed ? MeshRequestTelemetry.Start(runtime, request) : null;
        try
        {
            ArgumentNullException.ThrowIfNull(request);
            if (request.RequestUri is not { IsAbsoluteUri: true })
            {
                throw new InvalidOperationException("A mesh request needs an absolute URI, such as http://reviews:9080/reviews/0.");
            }

            var snapshot = runtime.Manager.Current;
            var view = new RequestView(request);
            var port = view.Port;

            // A gateway listener has its own virtual hosts and port; an unknown host is Envoy's 404, never passed through.
            var virtualHost = gatewayRoute is null
                ? snapshot.Hosts.Find(view.HostWithoutPort)
                : GatewayRouting.Find(snapshot, gatewayRoute, in view, ref port);
            var index = -1;
            RouteMatch? matched = null;
            HttpResponseMessage response;
            if (virtualHost is null)
            {
                response = gatewayRoute is not null ? WithRequest(LocalReplies.NoRoute(IsGrpc(request)), request)
                    : runtime.Options.OutboundTrafficPolicy == OutboundTrafficPolicy.RegistryOnly ? WithRequest(LocalReplies.BlackHole(IsGrpc(request)), request)
                    : await passthrough(request, cancellationToken);
            }
            else if (gatewayRoute is not null && virtualHost.RequiresTls && !GatewayRouting.IsTls(in view))
            {
                response = WithRequest(GatewayRouting.HttpsRedirect(in view), request);
            }
            else if ((index = virtualHost.Selector.Select(in view, port, out matched)) < 0)
            {
                telemetry?.NoRoute(virtualHost);
                response = WithRequest(LocalReplies.NoRoute(IsGrpc(request)), request);
            }
            else
            {
                var route = virtualHost.Routes[index];
                telemetry?.Routed(virtualHost, route);
                if (route.Cors?.TryAnswerPreflight(request) is { } preflight)
                {
                    response = WithRequest(preflight, request);
                }
                else
                {
                    response = route.Action switch
                    {
                        RouteAction.Redirect => Redirect(request, in view, port, route, matched!),
                        RouteAction.DirectResponse => DirectResponse(request, route),
                        _ => await ForwardAsync(request, view, port, route, matched!, telemetry, cancellationToken),
                    };
                    route.Cors?.ApplyToResponse(request, response);
                }
            }

            telemetry?.Complete(response);
            return response;
        }
        catch (Exception exception) when (telemetry is not null)
        {
            telemetry.Fail(exception);
            throw;
        }
        finally
        {
            telemetry?.Dispose();
        }
    }

    // The ValueTask methods of the forward path pool their state machines: a real upstream answers asynchronously, and
    // each would otherwise allocate its state machine per request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<HttpResponseMessage> ForwardAsync(HttpRequestMessage request, RequestView view, int port, RouteModel route, RouteMatch matched, MeshRequestTelemetry? telemetry, CancellationToken cancellationToken)
    {
        var destination = route.PickDestination(runtime.Random);
        var cluster = destination.ResolveCluster(port);
        if (cluster is null)
        {
            telemetry?.NoCluster(destination);
            return WithRequest(LocalReplies.NoCluster(IsGrpc(request)), request);
        }

        // Rewrite and request header operations happen once, before the first attempt (Envoy's router).
        var pathAndQuery = route.Rewrite is { RewritesPath: true } rewrite ? rewrite.Rewrite(in view, matched) : view.PathAndQuery;
        var headers = request.Headers;

        // A request without headers has no x-envoy-* header to read or strip (the common case: skip the lookups).
        var hasHeaders = headers.NonValidated.Count > 0;
        var attempt = RequestAttemptState.Rent();
        attempt.IsGrpc = IsGrpc(request);
        attempt.TimeoutOverrides = TimeoutHeaders.ReadAndStrip(headers);
        telemetry?.Forwarding(cluster);
        if (hasHeaders)
        {
            headers.Remove(AttemptCountHeader);
        }

        var plan = destination.Headers;
        HeaderOperationsApplier.ApplyRequest(request, plan);
        // The URI is about to name the endpoint: the upstream must still see the service as Host. It is certainly
        // missing when neither the caller nor a header operation set any header.
        if (!((hasHeaders || plan.WritesRequest) && headers.NonValidated.Contains(HostHeader)))
        {
            headers.TryAddWithoutValidation(HostHeader, view.Authority);
        }

        var state = runtime.Clusters.Enter(cluster);
        try
        {
            attempt.TryEnterRetry = state.TryEnterRetry;
            attempt.ExitRetry = state.ExitRetry;
            var pipeline = route.Pipeline!;
            if (route.Mirrors.Count > 0)
            {
                await MirrorAsync(request, port, route, pathAndQuery, cancellationToken);
            }

            // A request without a body has nothing to buffer.
            if (pipeline.CanRetry && request.Content is not null)
            {
                await RequestBodyBuffer.PrepareForRetriesAsync(request, MaxRetryBodyBytes, attempt, cancellationToken);
            }

            var consistentHash = cluster.Policy.LoadBalancer?.ConsistentHash;

            // Reading request.Options creates its dictionary: only hash policies that use the source address read it.
            var source = consistentHash is { UseSourceIp: true } or { HttpCookie: not null } ? SourceAddress(request) : null;
            var hash = LoadBalancerFactory.HashOf(consistentHash, request, source);
            var generated = hash is null ? LoadBalancerFactory.GenerateCookie(consistentHash, source) : null;
            hash ??= generated?.Hash;

            // Header operations may have written the attempt headers: then the first attempt replaces them too.
            var forward = new ForwardState(request, state, pathAndQuery, hash, plan.WritesRequest, telemetry, cancellationToken);
            HttpResponseMessage response;
            if (pipeline.TryStartFirstAttempt(attempt, cancellationToken, out var first))
            {
                // The first attempt runs in this frame rather than in the pipeline's: a request suspends in one frame fewer.
                Outcome<HttpResponseMessage> outcome;
                try
                {
                    outcome = Outcome.FromResult(await AttemptAsync(attempt, forward, first.Token));
                }
#pragma warning disable CA1031 // Every failure becomes an outcome for the retry decision.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    outcome = Outcome.FromException<HttpResponseMessage>(exception);
                }

                response = await pipeline.CompleteFirstAttemptAsync(first, outcome, attempt, forward, Attempt, cancellationToken);
            }
            else
            {
                response = await pipeline.ExecuteAsync(attempt, forward, Attempt, cancellationToken);
            }

            HeaderOperationsApplier.ApplyResponse(response, plan);
            if (generated is { } cookie)
            {
                response.Headers.TryAddWithoutValidation("set-cookie", cookie.SetCookie);
            }

            response.RequestMessage ??= request;
            return response;
        }
        finally
        {
            state.Exit();
            telemetry?.Forwarded(attempt);
            RequestAttemptState.Return(attempt);
        }
    }

    private static readonly UpstreamAttempt<ForwardState> Attempt = static (attempt, forward, token) => AttemptAsync(attempt, forward, token);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<HttpResponseMessage> AttemptAsync(RequestAttemptState attempt, ForwardState forward, CancellationToken cancellationToken)
    {
        var state = forward.State;
        var request = forward.Request;
        LbEndpoint? endpoint = null;
        if (!state.Model.IsPassthrough)
        {
            endpoint = state.Pick(forward.Hash, attempt);
            if (endpoint is null)
            {
                attempt.CompleteWithLocalReply(ResponseFlags.NoHealthyUpstream);
                return WithRequest(LocalReplies.NoHealthyUpstream(attempt.IsGrpc), request);
            }
        }

        var admission = await state.Limiter.AcquireAsync(cancellationToken);
        if (!admission.IsAdmitted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            attempt.CompleteWithLocalReply(ResponseFlags.UpstreamOverflow);
            return WithRequest(LocalReplies.Overflow(grpc: attempt.IsGrpc), request);
        }

        state.Enter();
        endpoint?.IncrementActiveRequests();
        var lease = new AttemptLease(state, endpoint, admission);
        try
        {
            if (endpoint is not null)
            {
                attempt.AddTriedEndpoint(endpoint.HashKey);
                request.RequestUri = endpoint.AttemptUri(forward.PathAndQuery);
            }
            else if (state.Tls is not null && request.RequestUri is { } original)
            {
                // A passthrough cluster originating TLS: the caller's host and port, over TLS.
                request.RequestUri = new Uri(string.Concat(state.Scheme, original.Host, ":", original.Port.ToString(CultureInfo.InvariantCulture), forward.PathAndQuery));
            }

            var headers = request.Headers;
            if (attempt.IsRetry || forward.HeadersWritten)
            {
                headers.Remove(AttemptCountHeader);
                headers.Remove(TimeoutHeaders.ExpectedRequestTimeoutMs);
            }

            headers.TryAddWithoutValidation(AttemptCountHeader, attempt.AttemptCount.ToString(CultureInfo.InvariantCulture));
            if (attempt.ExpectedTimeoutText() is { } expected)
            {
                headers.TryAddWithoutValidation(TimeoutHeaders.ExpectedRequestTimeoutMs, expected);
            }

            if (admission.Connecting is { } connecting)
            {
                request.Options.Set(ConnectingSlot.RequestOption, connecting);
            }

            state.Pool.ApplyTo(request);
            var response = await (forward.Telemetry?.SendAttemptAsync(state.Transport, request, endpoint, attempt, cancellationToken)
                ?? MeshRequestTelemetry.SendAsync(state.Transport, request, cancellationToken));
            if (endpoint is not null)
            {
                state.Report(endpoint, ResultOf(response, attempt.IsGrpc));
            }

            return ReleasingContent.Attach(response, lease);
        }
        catch (Exception exception)
        {
            lease.Release();
            if (endpoint is not null && LocalOrigin(exception, forward.CallerToken) is { } result)
            {
                state.Report(endpoint, result);
            }

            throw;
        }
    }

    private async Task MirrorAsync(HttpRequestMessage request, int requestPort, RouteModel route, string pathAndQuery, CancellationToken cancellationToken)
    {
        foreach (var mirror in route.Mirrors)
        {
            if (runtime.Random.NextDouble() >= mirror.Fraction || mirror.Destination.ResolveCluster(requestPort) is not { } cluster)
            {
                continue;
            }

            var copy = await MirrorCopy.CreateAsync(request, pathAndQuery, runtime.Options.AppendShadowHostSuffix, cancellationToken);
            _ = Task.Run(() => SendMirrorAsync(copy, cluster), CancellationToken.None);
        }
    }

    // Fire and forget: a mirror never delays or fails the request it copies.
    private async Task SendMirrorAsync(MirrorCopy copy, ClusterModel cluster)
    {
        var state = runtime.Clusters.Enter(cluster);
        try
        {
            using var request = copy.Request;
            var endpoint = state.Model.IsPassthrough ? null : state.Pick(null, null);
            if (endpoint is null && !state.Model.IsPassthrough)
            {
                return;
            }

            if (endpoint is not null)
            {
                request.RequestUri = endpoint.AttemptUri(copy.PathAndQuery);
            }

            using var response = await state.Transport.SendAsync(request, CancellationToken.None);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException)
        {
            RouterLog.MirrorFailed(logger, cluster.Name, exception.Message);
        }
        finally
        {
            state.Exit();
        }
    }

    private static HttpResponseMessage Redirect(HttpRequestMessage request, in RequestView view, int port, RouteModel route, RouteMatch matched)
    {
        var redirect = route.Redirect!;
        var response = new HttpResponseMessage((HttpStatusCode)redirect.StatusCode) { RequestMessage = request };
        response.Headers.Location = new Uri(redirect.BuildLocation(in view, matched, port), UriKind.RelativeOrAbsolute);
        if (route.ResponseHeaders is { } operations)
        {
            HeaderOperationsApplier.Apply(response, operations);
        }

        return response;
    }

    private static HttpResponseMessage DirectResponse(HttpRequestMessage request, RouteModel route)
    {
        var response = new HttpResponseMessage((HttpStatusCode)route.DirectStatus) { RequestMessage = request };
        if (route.DirectBody is { } body)
        {
            response.Content = new ByteArrayContent(body);
        }

        if (route.ResponseHeaders is { } operations)
        {
            HeaderOperationsApplier.Apply(response, operations);
        }

        return response;
    }

    private static AttemptResult ResultOf(HttpResponseMessage response, bool grpc)
    {
        if (grpc && response.Headers.NonValidated.TryGetValues("grpc-status", out var values)
            && int.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var grpcStatus))
        {
            return AttemptResult.GrpcResponse(grpcStatus);
        }

        return AttemptResult.Response((int)response.StatusCode);
    }

    /// <summary>What outlier detection hears of a failed attempt; null when the caller cancelled (not the upstream's fault).</summary>
    private static AttemptResult? LocalOrigin(Exception exception, CancellationToken callerToken)
    {
        if (callerToken.IsCancellationRequested)
        {
            return null;
        }

        return UpstreamFailureClassifier.Classify(exception, callerToken) switch
        {
            UpstreamFailure.ConnectFailure or UpstreamFailure.LocalConnectionFailure => AttemptResult.ConnectFailure,
            UpstreamFailure.ConnectTimeout => AttemptResult.ConnectTimeout,

            // Cancelled by the route or per-try timeout: Envoy reports a local-origin timeout.
            UpstreamFailure.PerTryTimeout => AttemptResult.Timeout,
            UpstreamFailure.LocalReset when exception is OperationCanceledException => AttemptResult.Timeout,
            UpstreamFailure.CallerCancelled => null,
            _ => AttemptResult.Reset,
        };
    }

    private static bool IsGrpc(HttpRequestMessage request) =>
        request.Content?.Headers.ContentType?.MediaType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    private static IPAddress? SourceAddress(HttpRequestMessage request) =>
        request.Options.TryGetValue(MeshRequestOptions.SourceAddress, out var address) ? address : null;

    private static HttpResponseMessage WithRequest(HttpResponseMessage response, HttpRequestMessage request)
    {
        response.RequestMessage = request;
        return response;
    }

    /// <summary>What each attempt needs, passed through the pipeline by value (no closure, no allocation).</summary>
    private readonly record struct ForwardState(
        HttpRequestMessage Request,
        ClusterState State,
        string PathAndQuery,
        ulong? Hash,
        bool HeadersWritten,
        MeshRequestTelemetry? Telemetry,
        CancellationToken CallerToken);
}
