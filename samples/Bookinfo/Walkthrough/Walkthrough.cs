using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bookinfo.Load;
using Bookinfo.Mesh;
using MeshLib.Configuration.Resources;

namespace Bookinfo.Walkthrough;

/// <summary>
/// The seed walkthrough ("Istio Series Part 2: Traffic Management"), step by step, against the in-process Bookinfo:
/// each step applies the same Istio YAML as a live change of the watched mesh directory, waits until every sidecar
/// has it in force, sends requests and compares what the walkthrough says should happen with what happened.
/// Each step first brings the configuration to the state the walkthrough has at that point, so any step can run alone.
/// </summary>
public sealed class Walkthrough(BookinfoEnvironment environment, WalkthroughOptions options, TextWriter output)
{
    private const string DestinationRuleAll = "destination-rule-all.yaml";
    private const string AllV1 = "virtual-service-all-v1.yaml";
    private const string ReviewsTestV2 = "virtual-service-reviews-test-v2.yaml";
    private const string RatingsTestDelay = "virtual-service-ratings-test-delay.yaml";
    private const string RatingsTestAbort = "virtual-service-ratings-test-abort.yaml";
    private const string Reviews50V3 = "virtual-service-reviews-50-v3.yaml";
    private const string ReviewsV3 = "virtual-service-reviews-v3.yaml";
    private const string HttpbinDeployment = "httpbin.yaml";
    private const string SeedReviewsV2 = "walkthrough/virtual-service-reviews-v2.yaml";
    private const string SeedRatingsDelay2s = "walkthrough/virtual-service-ratings-delay-2s.yaml";
    private const string SeedReviewsTimeout = "walkthrough/virtual-service-reviews-v2-timeout.yaml";
    private const string SeedHttpbinCircuitBreaker = "walkthrough/destination-rule-httpbin.yaml";

    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    private StepResult _step = new("none", "none");

    /// <summary>The steps, in the seed's order: name for <c>--step</c>, and the seed's section.</summary>
    public static IReadOnlyList<(string Name, string Title)> Steps { get; } =
    [
        ("bookinfo", "Bookinfo with every version and no routing rules"),
        ("request-routing", "Request Routing"),
        ("fault-injection", "Fault Injection"),
        ("traffic-shifting", "Traffic Shifting"),
        ("request-timeouts", "Request timeouts"),
        ("per-request-timeout", "Request timeouts: per request, x-envoy-upstream-rq-timeout-ms"),
        ("circuit-breaking", "Circuit Breaking"),
    ];

    /// <summary>Runs one step and returns what was observed. Never throws for a failed observation.</summary>
    /// <param name="name">A name from <see cref="Steps"/>.</param>
    /// <returns>The step's checks.</returns>
    public async Task<StepResult> RunStepAsync(string name)
    {
        var title = Steps.FirstOrDefault(s => s.Name == name).Title
            ?? throw new ArgumentException($"unknown step '{name}'; steps: {string.Join(", ", Steps.Select(s => s.Name))}", nameof(name));
        _step = new StepResult(name, title);
        output.WriteLine();
        output.WriteLine($"### {title}   [--step {name}]");
        var clock = Stopwatch.StartNew();
        try
        {
            await (name switch
            {
                "bookinfo" => BookinfoAsync(),
                "request-routing" => RequestRoutingAsync(),
                "fault-injection" => FaultInjectionAsync(),
                "traffic-shifting" => TrafficShiftingAsync(),
                "request-timeouts" => RequestTimeoutsAsync(),
                "per-request-timeout" => PerRequestTimeoutAsync(),
                _ => CircuitBreakingAsync(),
            });
        }
#pragma warning disable CA1031 // A step that breaks is reported as failed; the next steps still run.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _step.Error = e;
            output.WriteLine($"  [FAIL] step stopped: {e.Message}");
        }

        _step.Elapsed = clock.Elapsed;
        output.WriteLine(string.Create(Ci, $"  => {(_step.Passed ? "PASS" : "FAIL")} ({_step.Checks.Count(c => c.Passed)}/{_step.Checks.Count} checks, {_step.Elapsed.TotalSeconds:0.0} s)"));
        return _step;
    }

    /// <summary>For <c>--serve</c> without steps: the default destination rules, no routing rules.</summary>
    public Task PrepareServeAsync() => ConvergeAsync("default destination rules", DestinationRuleAll);

    /// <summary>Brings the configuration to the request-routing state (all v1, jason → v2) for the Python comparison.</summary>
    public Task PrepareJasonV2Async() => ConvergeAsync("all v1, jason → reviews v2", DestinationRuleAll, AllV1, ReviewsTestV2);

    // ---------------------------------------------------------------------------------------------------------------
    // Steps

    private async Task BookinfoAsync()
    {
        Say("Bookinfo runs productpage v1, details v1, reviews v1/v2/v3 and ratings v1. With no VirtualService, reviews");
        Say("is load-balanced over all three versions: no ratings (v1), black stars (v2), red stars (v3).");
        await ConvergeAsync("only the local service registry");
        var pages = await SampleAsync(null, options.CensusSamples);
        var seen = pages.Select(p => p.Seen).Distinct().Order().ToList();
        Expect(
            $"anonymous, {pages.Count} page loads",
            "all three versions appear: no ratings, black stars, red stars",
            Summary(pages),
            seen.SequenceEqual(["black stars", "no ratings", "red stars"]));

        Say("The Istio task first applies the default destination rules (the subsets v1, v2, v3 by `version` label):");
        await ApplyAsync(DestinationRuleAll);
        pages = await SampleAsync(null, options.CensusSamples);
        Expect(
            $"anonymous, {pages.Count} page loads",
            "still all three versions (subsets alone route nothing)",
            Summary(pages),
            pages.Select(p => p.Seen).Distinct().Count() == 3);
    }

    private async Task RequestRoutingAsync()
    {
        await ConvergeAsync("default destination rules", DestinationRuleAll);
        Say("Route all traffic to the v1 subsets:");
        await ApplyAsync(AllV1);
        await ExpectAllAsync(null, "no ratings", "reviews-v1");
        await ExpectAllAsync("jason", "no ratings", "reviews-v1");

        Say("Send the user jason to reviews v2 (the route matches the `end-user: jason` header productpage sets after login):");
        await ApplyAsync(ReviewsTestV2);
        await ExpectAllAsync("jason", "black stars", "reviews-v2");
        await ExpectAllAsync(null, "no ratings", "reviews-v1");
    }

    private async Task FaultInjectionAsync()
    {
        await ConvergeAsync("request routing done: all v1, jason → reviews v2", DestinationRuleAll, AllV1, ReviewsTestV2);
        Say("Inject a 7 s delay between reviews v2 and ratings, for jason only:");
        await ApplyAsync(RatingsTestDelay);

        var anonymous = await GetPageAsync(null);
        Expect(
            "anonymous",
            $"unaffected: no ratings (reviews-v1), well under productpage's {Sec(3)} timeout",
            anonymous.Describe(),
            anonymous.Seen == "no ratings" && anonymous.Elapsed < environment.Timings.ProductPageTimeout);

        var jason = await GetPageAsync("jason");
        var giveUp = environment.Timings.ProductPageTimeout * environment.Timings.ProductPageReviewsTries;
        Expect(
            "jason",
            $"\"{Apps.ProductPage.ReviewsUnavailable}\" after ≈ {Sec(6)} (productpage: {Sec(3)} timeout + 1 retry; the {Sec(7)} delay is longer)",
            jason.Describe(),
            jason.Seen == "reviews unavailable" && Within(jason.Elapsed, giveUp));

        Say("reviews v2 itself is fine: its own ratings timeout is 10 s, longer than the delay — only productpage gives up:");
        var (status, body, elapsed) = await CallReviewsAsync("jason", null);
        var stars = Stars(body);
        Expect(
            "jason → reviews directly",
            $"200 with black stars after ≈ {Sec(7)}",
            string.Create(Ci, $"{status} {stars} after {elapsed.TotalSeconds:0.00} s"),
            status == 200 && stars.StartsWith("black", StringComparison.Ordinal) && Within(elapsed, Scaled(7)));

        Say("Replace the delay by an HTTP 500 abort for jason:");
        await ApplyAsync(RatingsTestAbort);
        await ExpectAllAsync("jason", "ratings unavailable", "reviews-v2");
        await ExpectAllAsync(null, "no ratings", "reviews-v1");

        Say("Clean up:");
        await DeleteAsync(AllV1);
    }

    private async Task TrafficShiftingAsync()
    {
        await ConvergeAsync("no VirtualServices (after the fault-injection clean-up)", DestinationRuleAll);
        Say("Re-apply the all-v1 virtual services:");
        await ApplyAsync(AllV1);
        await ExpectAllAsync(null, "no ratings", "reviews-v1");

        Say("Shift 50% of reviews traffic to v3:");
        await ApplyAsync(Reviews50V3);
        var pages = await SampleAsync(null, options.ShiftSamples);
        var v1 = pages.Count(p => p.Seen == "no ratings");
        var v3 = pages.Count(p => p.Seen == "red stars");
        var n = pages.Count;

        // Binomial(n, 0.5): standard deviation √n / 2; four of them is a false alarm once in ~16000 runs.
        var bound = (int)Math.Ceiling(2 * Math.Sqrt(n));
        Expect(
            $"anonymous, {n} page loads",
            $"≈ 50/50 no ratings (v1) / red stars (v3): v3 in {n / 2} ± {bound}, nothing else",
            $"v1 {v1}, v3 {v3} ({100.0 * v3 / n:0.0} % v3); {Summary(pages)}",
            v1 + v3 == n && Math.Abs(v3 - (n / 2.0)) <= bound);

        Say("reviews v3 is good: send it 100%:");
        await ApplyAsync(ReviewsV3);
        await ExpectAllAsync(null, "red stars", "reviews-v3", options.RoutingSamples * 2);
    }

    private async Task RequestTimeoutsAsync()
    {
        await ConvergeAsync("default destination rules", DestinationRuleAll);
        Say("Reset every virtual service to v1:");
        await ApplyAsync(AllV1);
        Say("Route reviews to v2, which calls ratings:");
        await ApplyAsync(SeedReviewsV2, showText: true);
        Say("Delay ratings by 2 s:");
        await ApplyAsync(SeedRatingsDelay2s, showText: true);
        var page = await GetPageAsync(null);
        Expect(
            "anonymous",
            $"black stars (reviews-v2) after ≈ {Sec(2)}",
            page.Describe(),
            page.Seen == "black stars" && Within(page.Elapsed, Scaled(2)));

        Say("Give reviews a 0.5 s route timeout:");
        await ApplyAsync(SeedReviewsTimeout, showText: true);
        page = await GetPageAsync(null);
        Expect(
            "anonymous",
            $"\"{Apps.ProductPage.ReviewsUnavailable}\" after ≈ {Sec(1)} ({Sec(0.5)} × 2 tries: productpage's own retry; each try gets 504)",
            page.Describe(),
            page.Seen == "reviews unavailable"
                && Within(page.Elapsed, Scaled(0.5) * 2)
                && page.Tries.Count == 2 && page.Tries.All(t => t.StartsWith("504", StringComparison.Ordinal)));
    }

    private async Task PerRequestTimeoutAsync()
    {
        await ConvergeAsync(
            "request timeouts done: reviews → v2 with timeout 0.5 s, ratings delayed 2 s",
            DestinationRuleAll,
            AllV1,
            SeedReviewsTimeout,
            SeedRatingsDelay2s);
        Say("A caller can set the timeout of one request with x-envoy-upstream-rq-timeout-ms; it replaces the route's.");
        Say("The runner calls reviews directly, as productpage would:");

        var (status, body, elapsed) = await CallReviewsAsync(null, null);
        Expect(
            "GET http://reviews:9080/reviews/0 (no header)",
            $"504 upstream request timeout after ≈ {Sec(0.5)} (the route timeout)",
            Outcome(status, body, elapsed),
            status == 504 && body.Trim() == "upstream request timeout" && Within(elapsed, Scaled(0.5)));

        var longer = Milliseconds(3);
        (status, body, elapsed) = await CallReviewsAsync(null, longer);
        Expect(
            $"same, with x-envoy-upstream-rq-timeout-ms: {longer}",
            $"200 with black stars after ≈ {Sec(2)} (the {Sec(2)} ratings delay fits in {Sec(3)})",
            Outcome(status, body, elapsed),
            status == 200 && Stars(body).StartsWith("black", StringComparison.Ordinal) && Within(elapsed, Scaled(2)));

        var shorter = Milliseconds(1);
        (status, body, elapsed) = await CallReviewsAsync(null, shorter);
        Expect(
            $"same, with x-envoy-upstream-rq-timeout-ms: {shorter}",
            $"504 upstream request timeout after ≈ {Sec(1)} (the header's, not the route's {Sec(0.5)})",
            Outcome(status, body, elapsed),
            status == 504 && body.Trim() == "upstream request timeout" && Within(elapsed, Scaled(1)));
    }

    private async Task CircuitBreakingAsync()
    {
        await ConvergeAsync("Bookinfo clean-up done: default destination rules only", DestinationRuleAll);
        Say($"Deploy httpbin (here: the in-process httpbin on 127.0.0.1:{environment.Httpbin.Port}, registered as ServiceEntry httpbin):");
        await ApplyAsync(HttpbinDeployment);
        Say("Circuit breaking settings for httpbin:");
        await ApplyAsync(SeedHttpbinCircuitBreaker, showText: true);

        var url = new Uri("http://httpbin:8000/get");
        var fortio = new Fortio(environment.Fortio, output);
        Command("fortio curl -quiet http://httpbin:8000/get");
        var code = await fortio.CurlAsync(url);
        Expect("fortio curl", "HTTP 200", code.ToString(Ci), code == 200);

        Command("fortio load -c 2 -qps 0 -n 20 -loglevel Warning http://httpbin:8000/get");
        var two = await fortio.LoadAsync(url, 2, 20);

        // A call overflows when it comes back while the other caller's new connection is still being set up. Through a
        // sidecar process the caller's turnaround is a loopback hop longer than that plain loopback connect (in Istio
        // the connect is to the other pod's proxy, with mTLS), so there a 503 is possible but not certain.
        Expect(
            "fortio load -c 2 -n 20",
            options.Sidecar
                ? "200s, and a 503 whenever a call finds the pending slot taken (the seed: Code 200 : 15, Code 503 : 5; through a sidecar process the slot is held only for a loopback connect, so there may be none)"
                : "a mix of 200 and 503 (the seed: Code 200 : 15, Code 503 : 5)",
            Codes(two),
            two.Count(200) + two.Count(503) == 20 && two.Count(200) > 0 && (options.Sidecar || two.Count(503) > 0));

        Command("fortio load -c 3 -qps 0 -n 30 -loglevel Warning http://httpbin:8000/get");
        var three = await fortio.LoadAsync(url, 3, 30);
        Expect(
            "fortio load -c 3 -n 30 (Istio's task, next step)",
            "more 503s: 1 connection + 1 pending request admit at most 2 of 3 concurrent calls",
            Codes(three),
            three.Count(200) + three.Count(503) == 30 && three.Count(503) > 0 && three.Count(200) > 0);

        Say("Clean up:");
        Command("kubectl delete destinationrule httpbin");
        await environment.Kubectl.DeleteAsync(ResourceKind.DestinationRule, "httpbin");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Observations

    private async Task ExpectAllAsync(string? user, string seen, string pod, int? samples = null)
    {
        var pages = await SampleAsync(user, samples ?? options.RoutingSamples);
        Expect(
            $"{user ?? "anonymous"}, {pages.Count} page loads",
            $"{seen} ({pod}) every time",
            Summary(pages),
            pages.TrueForAll(p => p.Seen == seen && p.Pod == pod));
    }

    private async Task<List<PageView>> SampleAsync(string? user, int count)
    {
        var pages = new List<PageView>(count);
        for (var i = 0; i < count; i++)
        {
            pages.Add(await GetPageAsync(user));
        }

        return pages;
    }

    /// <summary>Loads productpage (its JSON view) through the runner's mesh client, signed in as <paramref name="user"/>.</summary>
    private async Task<PageView> GetPageAsync(string? user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://productpage:9080/api/v1/productpage");
        if (user is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", $"{Apps.ProductPage.UserCookie}={user}");
        }

        var clock = Stopwatch.StartNew();
        using var response = await environment.Ingress.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        clock.Stop();
        if (response.StatusCode != HttpStatusCode.OK || JsonNode.Parse(text) is not JsonObject page)
        {
            return new PageView($"HTTP {(int)response.StatusCode}", null, clock.Elapsed, text, []);
        }

        var tries = (page["reviewsTries"] as JsonArray ?? []).Select(t => t?.ToString() ?? string.Empty).ToList();
        var reviews = page["reviews"] as JsonObject;
        if (page["reviewsStatus"]?.GetValue<int>() != 200 || reviews is null)
        {
            return new PageView("reviews unavailable", null, clock.Elapsed, reviews?["error"]?.ToString() ?? string.Empty, tries);
        }

        return new PageView(Seen(reviews), reviews["podname"]?.ToString(), clock.Elapsed, Stars(reviews), tries);
    }

    /// <summary>What a reader of the page sees of a reviews answer: black stars, red stars, no ratings or ratings unavailable.</summary>
    internal static string Seen(JsonObject reviews) => Stars(reviews).Split(' ')[0] switch
    {
        "black" => "black stars",
        "red" => "red stars",
        "none" => "no ratings",
        _ => "ratings unavailable",
    };

    /// <summary>Calls reviews directly through the runner's mesh client.</summary>
    private async Task<(int Status, string Body, TimeSpan Elapsed)> CallReviewsAsync(string? user, string? timeoutMs)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://reviews:9080/reviews/0");
        if (user is not null)
        {
            request.Headers.TryAddWithoutValidation("end-user", user);
        }

        if (timeoutMs is not null)
        {
            request.Headers.TryAddWithoutValidation("x-envoy-upstream-rq-timeout-ms", timeoutMs);
        }

        var clock = Stopwatch.StartNew();
        using var response = await environment.Ingress.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body, clock.Elapsed);
    }

    /// <summary>"black ★★★★★ ★★★★☆", "red ...", "none" (v1) or "error: ..." from a reviews answer.</summary>
    private static string Stars(JsonObject? reviews)
    {
        var ratings = (reviews?["reviews"] as JsonArray ?? []).OfType<JsonObject>().Select(r => r["rating"] as JsonObject).ToList();
        if (ratings.Count == 0 || ratings.TrueForAll(r => r is null))
        {
            return "none";
        }

        if (ratings.FirstOrDefault(r => r?["error"] is not null) is { } failed)
        {
            return $"error: {failed["error"]}";
        }

        var color = ratings[0]!["color"]?.ToString() ?? "?";
        return color + " " + string.Join(' ', ratings.Select(r => r?["stars"]?.GetValue<int>() is int s ? new string('★', s) + new string('☆', 5 - s) : "-"));
    }

    private static string Stars(string body)
    {
        try
        {
            return Stars(JsonNode.Parse(body) as JsonObject);
        }
        catch (System.Text.Json.JsonException)
        {
            return "not JSON";
        }
    }

    private static string Outcome(int status, string body, TimeSpan elapsed)
    {
        var what = status == 200 ? Stars(body) : body.Trim();
        return string.Create(Ci, $"{status} {what} after {elapsed.TotalSeconds:0.000} s");
    }

    private static string Summary(IEnumerable<PageView> pages) =>
        string.Join(", ", pages.GroupBy(p => (p.Seen, p.Pod)).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Count()}× {g.Key.Seen}{(g.Key.Pod is null ? string.Empty : $" ({g.Key.Pod})")}"));

    private static string Codes(LoadResult result) =>
        string.Join(", ", result.Codes.OrderBy(c => c.Key).Select(c => string.Create(Ci, $"Code {c.Key} : {c.Value} ({100.0 * c.Value / result.Calls:0.0} %)")));

    // A timed observation: never earlier than the timeout/delay that causes it, and not much later.
    private static bool Within(TimeSpan observed, TimeSpan expected) =>
        observed >= expected * 0.98 && observed <= expected + Slack(expected);

    private static TimeSpan Slack(TimeSpan expected) => TimeSpan.FromSeconds(Math.Max(1.0, expected.TotalSeconds * 0.5));

    private void Expect(string what, string expected, string observed, bool passed) =>
        _step.Record(new Check(what, expected, observed, passed), output);

    // ---------------------------------------------------------------------------------------------------------------
    // kubectl

    private async Task ApplyAsync(string file, bool showText = false)
    {
        var (display, text) = Read(file);
        Command(showText ? $"kubectl apply -f - <<EOF   # {display}" : $"kubectl apply -f {display}");
        if (showText)
        {
            output.Write(text.TrimEnd() + "\nEOF\n");
        }

        await environment.Kubectl.ApplyAsync(display, text);
    }

    private async Task DeleteAsync(string file)
    {
        var (display, text) = Read(file);
        Command($"kubectl delete -f {display}");
        await environment.Kubectl.DeleteAsync(display, text);
    }

    private async Task ConvergeAsync(string label, params string[] files)
    {
        var sources = new List<(string, string)> { ("registry.yaml", environment.RegistryYaml) };
        sources.AddRange(files.Select(f => Read(f, quiet: true)));
        await environment.Kubectl.ConvergeAsync(label, sources);
    }

    private (string Display, string Text) Read(string file, bool quiet = false)
    {
        var display = $"networking/{file}";
        var text = File.ReadAllText(Path.Combine(options.NetworkingDirectory, file));
        var scaled = DurationScaler.Scale(text, options.TimeScale, out var changes);
        if (!quiet && changes.Count > 0)
        {
            output.WriteLine(string.Create(Ci, $"  (--fast copy, durations × {options.TimeScale}: {string.Join(", ", changes)})"));
        }

        return (display, scaled);
    }

    private void Command(string command) => output.WriteLine($"$ {command}");

    private void Say(string text) => output.WriteLine(text);

    private TimeSpan Scaled(double seconds) => environment.Timings.Scaled(seconds);

    private string Sec(double seconds) => options.TimeScale == 1
        ? string.Create(Ci, $"{seconds:0.###} s")
        : string.Create(Ci, $"{seconds * options.TimeScale:0.###} s [{seconds:0.###} s × {options.TimeScale}]");

    private string Milliseconds(double seconds) => ((long)Math.Round(seconds * 1000 * options.TimeScale)).ToString(Ci);

    private sealed record PageView(string Seen, string? Pod, TimeSpan Elapsed, string Detail, IReadOnlyList<string> Tries)
    {
        public string Describe()
        {
            var what = Seen switch
            {
                "reviews unavailable" => $"\"{Detail}\"",
                _ => $"{Seen} ({Pod}) {Detail}",
            };
            var tries = Tries.Count > 0 ? $"; productpage → reviews tries: {string.Join(", ", Tries)}" : string.Empty;
            return string.Create(Ci, $"{what} after {Elapsed.TotalSeconds:0.000} s{tries}");
        }
    }
}
