using MeshLib.Configuration;
using MeshLib.Configuration.Common;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.Validation;
using MeshLib.Configuration.VirtualService;

namespace MeshLib.Tests.Configuration.Validation;

public class VirtualServiceValidatorTests
{
    private static EquatableList<T> List<T>(params T[] items) => new(items);

    private static EquatableDictionary<T> Map<T>(params (string Key, T Value)[] entries) =>
        new(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)));

    private static DestinationConfig Dest(string host = "reviews", string? subset = null) => new() { Host = host, Subset = subset };

    private static HttpRouteDestinationConfig To(string host = "reviews", string? subset = null, int? weight = null) =>
        new() { Destination = Dest(host, subset), Weight = weight };

    private static HttpRouteConfig Route(params HttpRouteDestinationConfig[] destinations) =>
        new() { Route = List(destinations.Length == 0 ? [To()] : destinations) };

    private static HttpMatchRequestConfig Prefix(string prefix) => new() { Uri = new StringMatchConfig { Prefix = prefix } };

    private static VirtualServiceConfig Vs(params HttpRouteConfig[] http) => new() { Hosts = List("reviews"), Http = List(http) };

    private static List<ConfigDiagnostic> Run(VirtualServiceConfig spec, string? ns = null)
    {
        var resource = new MeshResource
        {
            ApiVersion = "networking.istio.io/v1",
            Kind = ResourceKind.VirtualService,
            Metadata = new ObjectMetaConfig { Name = "reviews", Namespace = ns },
            Spec = spec,
        };
        var sink = new List<ConfigDiagnostic>();
        var ctx = new ValidationContext(resource, "default", sink);
        VirtualServiceValidator.Validate(ctx, spec);
        return sink;
    }

    /// <summary>Runs the route through a minimal VS and asserts the only diagnostic.</summary>
    private static ConfigDiagnostic Only(VirtualServiceConfig spec, string fieldPath, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var diagnostics = Run(spec);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(message, diagnostic.Message);
        Assert.Equal(fieldPath, diagnostic.FieldPath);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal("VirtualService/default/reviews", diagnostic.Resource);
        return diagnostic;
    }

    /// <summary>Asserts that exactly one diagnostic carries <paramref name="message"/>, with that path and severity.</summary>
    private static void Has(List<ConfigDiagnostic> diagnostics, string fieldPath, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var diagnostic = Assert.Single(diagnostics, d => d.Message == message);
        Assert.Equal(fieldPath, diagnostic.FieldPath);
        Assert.Equal(severity, diagnostic.Severity);
    }

    private static readonly SourceLocation Here = new("vs.yaml", 12, 7);

    [Fact]
    public void Validate_BookinfoReviews_NoDiagnostics()
    {
        var spec = new VirtualServiceConfig
        {
            Hosts = List("reviews"),
            Http = List(
                new HttpRouteConfig
                {
                    Match = List(new HttpMatchRequestConfig { Headers = Map(("end-user", new StringMatchConfig { Exact = "jason" })) }),
                    Route = List(To(subset: "v2")),
                },
                new HttpRouteConfig
                {
                    Route = List(To(subset: "v1", weight: 50), To(subset: "v3", weight: 50)),
                    Timeout = Duration.Parse("0.5s"),
                    Retries = new HttpRetryConfig
                    {
                        Attempts = 3,
                        PerTryTimeout = Duration.Parse("2s"),
                        RetryOn = "gateway-error,connect-failure,refused-stream",
                    },
                }),
        };

        Assert.Empty(Run(spec));
    }

    [Fact]
    public void Validate_FaultInjectionDetailsCorpus_WarnsSecondRuleUnused()
    {
        // ../shared/corpus/istio/fault-injection-details-v1.yaml
        var spec = new VirtualServiceConfig
        {
            Hosts = List("details"),
            Http = List(
                new HttpRouteConfig
                {
                    Fault = new HttpFaultInjectionConfig { Abort = new AbortConfig { HttpStatus = 555, Percentage = new PercentConfig { Value = 100 } } },
                    Route = List(To("details", "v1")),
                },
                new HttpRouteConfig { Route = List(To("details", "v1")) }),
        };

        Only(spec, "spec.http[1]", "virtualService rule #1 not used (only the last rule can have no matches)", DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Validate_ReportsEveryProblem()
    {
        var spec = Vs(new HttpRouteConfig
        {
            Route = List(To(weight: -1), To("*", weight: 0)),
            Timeout = Duration.Parse("0.5ms"),
        });

        var messages = Run(spec).Select(d => d.Message).ToList();

        Assert.Equal(["weight -1 < 0", "invalid destination host *", "duration must be greater than 1ms"], messages);
    }

    // --- structure -------------------------------------------------------------------------------------------

    [Fact]
    public void Validate_DelegateWithGatewaysTlsTcp_Errors()
    {
        var spec = new VirtualServiceConfig
        {
            Gateways = List("gw"),
            Http = List(Route()),
            Tls = List(new TlsRouteConfig
            {
                Match = List(new TlsMatchAttributesConfig { SniHosts = List("a.example.com") }),
                Route = List(new RouteDestinationConfig { Destination = Dest() }),
            }),
            Tcp = List(new TcpRouteConfig { Route = List(new RouteDestinationConfig { Destination = Dest() }) }),
        };

        var diagnostics = Run(spec);

        Has(diagnostics, "spec.gateways", "delegate virtual service must have no gateways specified");
        Has(diagnostics, "spec.tls", "delegate virtual service must have no tls route specified");
        Has(diagnostics, "spec.tcp", "delegate virtual service must have no tcp route specified");
    }

    [Fact]
    public void Validate_NoRoutes_Error() =>
        Only(new VirtualServiceConfig { Hosts = List("reviews") }, "spec", "http, tcp or tls must be provided in virtual service");

    [Fact]
    public void Validate_NullHttpRoute_Error() =>
        Only(new VirtualServiceConfig { Hosts = List("reviews"), Http = List(new HttpRouteConfig[] { null! }) }, "spec.http[0]", "http route may not be null");

    // --- hosts -------------------------------------------------------------------------------------------------

    [Fact]
    public void Validate_WildcardHostOnMesh_Error() =>
        Only(Vs(Route()) with { Hosts = List("*") }, "spec.hosts", "wildcard host * is not allowed for virtual services bound to the mesh gateway");

    [Fact]
    public void Validate_WildcardHostOnGatewayOnly_Valid() =>
        Assert.Empty(Run(Vs(Route()) with { Hosts = List("*"), Gateways = List("istio-system/ingress") }));

    [Fact]
    public void Validate_WildcardHostWithMeshInGateways_Error() =>
        Only(Vs(Route()) with { Hosts = List("*"), Gateways = List("ingress", "mesh") }, "spec.hosts", "wildcard host * is not allowed for virtual services bound to the mesh gateway");

    [Fact]
    public void Validate_InvalidHost_Error() =>
        Only(Vs(Route()) with { Hosts = List("foo.*.com") }, "spec.hosts", "domain name \"*.com\" invalid (label \"*\" invalid)");

    [Fact]
    public void Validate_IpHost_Allowed() =>
        Assert.Empty(Run(Vs(Route()) with { Hosts = List("10.1.2.3") }));

    [Fact]
    public void Validate_OverlappingHosts_Error() =>
        Only(Vs(Route()) with { Hosts = List("*.foo.com", "a.foo.com") }, "spec.hosts", "duplicate hosts in virtual service: *.foo.com & a.foo.com");

    [Fact]
    public void Validate_DuplicateHosts_Error() =>
        Only(Vs(Route()) with { Hosts = List("reviews", "reviews") }, "spec.hosts", "duplicate hosts in virtual service: reviews & reviews");

    [Fact]
    public void Validate_AutoPassthroughSniHostOnGateway_Valid()
    {
        var spec = new VirtualServiceConfig
        {
            Hosts = List("outbound_.80_._.e2e.foobar.mesh"),
            Gateways = List("gw"),
            Tls = List(new TlsRouteConfig
            {
                Match = List(new TlsMatchAttributesConfig { SniHosts = List("outbound_.80_._.e2e.foobar.mesh") }),
                Route = List(new RouteDestinationConfig { Destination = Dest() }),
            }),
        };

        Assert.Empty(Run(spec));
    }

    // --- gateways ----------------------------------------------------------------------------------------------

    [Fact]
    public void Validate_LegacyGatewayName_Warning() =>
        Only(Vs(Route()) with { Gateways = List("my-gateway.istio-system") }, "spec.gateways",
            "using legacy gatewayName format \"my-gateway.istio-system\"; prefer the <namespace>/<name> format: \"istio-system/my-gateway\"",
            DiagnosticSeverity.Warning);

    [Fact]
    public void Validate_GatewayNameEmptyParts_Errors()
    {
        var diagnostics = Run(Vs(Route()) with { Gateways = List("/gw") });

        Has(diagnostics, "spec.gateways", "config namespace and gateway name cannot be empty");
        Has(diagnostics, "spec.gateways", "invalid value for namespace: \"\"");
    }

    [Fact]
    public void Validate_GatewayNameInvalidName_Error() =>
        Only(Vs(Route()) with { Gateways = List("ns/gw_1") }, "spec.gateways", "invalid value for gateway name: \"gw_1\"");

    [Fact]
    public void Validate_GatewayNameNotFqdn_Error() =>
        Only(Vs(Route()) with { Gateways = List("gw_1") }, "spec.gateways", "domain name \"gw_1\" invalid (label \"gw_1\" invalid)");

    // --- HTTP route conflicts ----------------------------------------------------------------------------------

    [Fact]
    public void Validate_RootRouteWithRedirectAndRoute_Errors()
    {
        var route = Route() with
        {
            Name = "root",
            Delegate = new DelegateConfig { Name = "child", Namespace = "ns" },
            Redirect = new HttpRedirectConfig { Uri = "/x" },
        };

        var diagnostics = Run(Vs(route));

        Has(diagnostics, "spec.http[0].redirect", "root HTTP route root must not specify redirect");
        Has(diagnostics, "spec.http[0].route", "root HTTP route root must not specify route");
    }

    [Fact]
    public void Validate_DelegateRouteInDelegateVs_Error() =>
        Only(new VirtualServiceConfig { Http = List(Route() with { Delegate = new DelegateConfig { Name = "x" } }) },
            "spec.http[0].delegate", "delegate HTTP route cannot contain delegate");

    [Fact]
    public void Validate_RedirectConflicts_Errors()
    {
        var route = Route() with
        {
            Redirect = new HttpRedirectConfig { Uri = "/x" },
            Fault = new HttpFaultInjectionConfig { Abort = new AbortConfig { HttpStatus = 500 } },
            Rewrite = new HttpRewriteConfig { Uri = "/y" },
            DirectResponse = new HttpDirectResponseConfig { Status = 200 },
        };

        var diagnostics = Run(Vs(route));

        Has(diagnostics, "spec.http[0].redirect", "HTTP route cannot contain both route and redirect");
        Has(diagnostics, "spec.http[0].redirect", "HTTP route cannot contain both fault and redirect");
        Has(diagnostics, "spec.http[0].redirect", "HTTP route rule cannot contain both rewrite and redirect");
        Has(diagnostics, "spec.http[0].redirect", "HTTP route rule cannot contain both direct_response and redirect");
    }

    [Fact]
    public void Validate_DirectResponseConflicts_Errors()
    {
        var route = Route() with
        {
            DirectResponse = new HttpDirectResponseConfig { Status = 200 },
            Fault = new HttpFaultInjectionConfig { Abort = new AbortConfig { HttpStatus = 500 } },
            Rewrite = new HttpRewriteConfig { Uri = "/y" },
        };

        var diagnostics = Run(Vs(route));

        Has(diagnostics, "spec.http[0].directResponse", "HTTP route cannot contain both route and direct_response");
        Has(diagnostics, "spec.http[0].directResponse", "HTTP route cannot contain both fault and direct_response");
        Has(diagnostics, "spec.http[0].directResponse", "HTTP route rule cannot contain both rewrite and direct_response");
    }

    [Fact]
    public void Validate_NoAction_Error() =>
        Only(Vs(new HttpRouteConfig()), "spec.http[0]", "HTTP route, redirect or direct_response is required");

    [Fact]
    public void Validate_MirrorAndMirrors_Error() =>
        Only(Vs(Route() with { Mirror = Dest("shadow"), Mirrors = List(new HttpMirrorPolicyConfig { Destination = Dest("shadow2") }) }),
            "spec.http[0].mirrors", "HTTP route cannot contain both mirror and mirrors");

    // --- match requests ----------------------------------------------------------------------------------------

    private static VirtualServiceConfig WithMatch(HttpMatchRequestConfig match) => Vs(Route() with { Match = List(match) });

    [Fact]
    public void Validate_InvalidHeaderName_Error() =>
        Only(WithMatch(new HttpMatchRequestConfig { Headers = Map(("bad header", new StringMatchConfig { Exact = "x" })) }),
            "spec.http[0].match[0].headers", "header name bad header is not a valid header name");

    [Fact]
    public void Validate_EmptyHeaderName_Error() =>
        Only(WithMatch(new HttpMatchRequestConfig { Headers = Map((string.Empty, new StringMatchConfig { Exact = "x" })) }),
            "spec.http[0].match[0].headers", "header name cannot be empty");

    [Fact]
    public void Validate_PseudoAndTokenHeaderNames_Valid() =>
        Assert.Empty(Run(WithMatch(new HttpMatchRequestConfig
        {
            Headers = Map((":method", new StringMatchConfig { Exact = "GET" }), ("x-b3~!#", new StringMatchConfig { Exact = "1" })),
        })));

    [Fact]
    public void Validate_NullHeaderMatch_Error() =>
        Only(WithMatch(new HttpMatchRequestConfig { Headers = Map<StringMatchConfig>(("x-a", null!)) }),
            "spec.http[0].match[0].headers", "header match x-a cannot be null");

    [Fact]
    public void Validate_EmptyPrefixInHeaders_Error() =>
        Only(WithMatch(new HttpMatchRequestConfig { Headers = Map(("x-a", new StringMatchConfig { Prefix = string.Empty })) }),
            "spec.http[0].match[0].headers[x-a].prefix", "\"headers\": prefix string match should not be empty");

    [Fact]
    public void Validate_EmptyPrefixInUri_Valid() =>
        Assert.Empty(Run(WithMatch(new HttpMatchRequestConfig { Uri = new StringMatchConfig { Prefix = string.Empty } })));

    [Fact]
    public void Validate_EmptyPrefixInMethod_Error() =>
        Only(WithMatch(new HttpMatchRequestConfig { Method = new StringMatchConfig { Prefix = string.Empty } }),
            "spec.http[0].match[0].method.prefix", "\"method\": prefix string match should not be empty");

    [Fact]
    public void Validate_EmptyRegexInUri_Error() =>
        Only(WithMatch(new HttpMatchRequestConfig { Uri = new StringMatchConfig { Regex = string.Empty } }),
            "spec.http[0].match[0].uri.regex", "\"uri\": regex string match should not be empty");

    [Fact]
    public void Validate_TooLongRegex_Error() =>
        Only(WithMatch(new HttpMatchRequestConfig { Authority = new StringMatchConfig { Regex = new string('a', 1025) } }),
            "spec.http[0].match[0].authority.regex", "\"authority\": regex is too large, max length allowed is 1024");

    [Fact]
    public void Validate_BadRegexInQueryParams_Error()
    {
        var diagnostic = Assert.Single(Run(WithMatch(new HttpMatchRequestConfig { QueryParams = Map(("id", new StringMatchConfig { Regex = "(" })) })));

        Assert.Equal("spec.http[0].match[0].queryParams[id].regex", diagnostic.FieldPath);
        Assert.StartsWith("\"queryParams\": ", diagnostic.Message, StringComparison.Ordinal);
        Assert.EndsWith("; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithoutHeadersStarRegex_Exempt() =>
        Assert.Empty(Run(WithMatch(new HttpMatchRequestConfig { WithoutHeaders = Map(("x-a", new StringMatchConfig { Regex = "*" })) })));

    [Fact]
    public void Validate_WithoutHeadersBadRegex_Error()
    {
        var diagnostic = Assert.Single(Run(WithMatch(new HttpMatchRequestConfig { WithoutHeaders = Map(("x-a", new StringMatchConfig { Regex = "a**" })) })));

        Assert.Equal("spec.http[0].match[0].withoutHeaders[x-a].regex", diagnostic.FieldPath);
        Assert.StartsWith("\"withoutHeaders\": ", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MatchPort_Error() =>
        Only(WithMatch(new HttpMatchRequestConfig { Port = 70000 }), "spec.http[0].match[0].port", "port number 70000 must be in the range 1..65535");

    [Fact]
    public void Validate_SourceLabels_Errors()
    {
        var diagnostics = Run(WithMatch(new HttpMatchRequestConfig { SourceLabels = Map(("-bad", "-v")) }));

        Has(diagnostics, "spec.http[0].match[0].sourceLabels", "invalid tag key: \"-bad\"");
        Has(diagnostics, "spec.http[0].match[0].sourceLabels", "invalid tag value: \"-v\"");
    }

    [Fact]
    public void Validate_SourceNamespace_Error() =>
        Only(WithMatch(new HttpMatchRequestConfig { SourceNamespace = "Bad_ns" }), "spec.http[0].match[0].sourceNamespace", "sourceNamespace match Bad_ns is invalid");

    [Fact]
    public void Validate_MatchGateways_Errors()
    {
        var diagnostics = Run(WithMatch(new HttpMatchRequestConfig { Gateways = List("ns/") }));

        Has(diagnostics, "spec.http[0].match[0].gateways", "config namespace and gateway name cannot be empty");
        Has(diagnostics, "spec.http[0].match[0].gateways", "invalid value for gateway name: \"\"");
    }

    [Fact]
    public void Validate_JwtClaimWithoutGateway_Error() =>
        Only(WithMatch(new HttpMatchRequestConfig { Headers = Map(("@request.auth.claims.group", new StringMatchConfig { Exact = "admin" })) }),
            "spec.http[0].match[0].headers", "JWT claim based routing (key: @request.auth.claims.group) is only supported for gateway, found no gateways: []");

    [Fact]
    public void Validate_JwtClaimOnMeshGateway_Error() =>
        Only(WithMatch(new HttpMatchRequestConfig { WithoutHeaders = Map(("@request.auth.claims[a][b]", new StringMatchConfig { Exact = "x" })) }) with { Gateways = List("mesh") },
            "spec.http[0].match[0].withoutHeaders", "JWT claim based routing (key: @request.auth.claims[a][b]) is only supported for gateway, found no gateways: [mesh]");

    [Fact]
    public void Validate_JwtClaimOnGateway_Valid() =>
        Assert.Empty(Run(WithMatch(new HttpMatchRequestConfig { Headers = Map(("@request.auth.claims.group", new StringMatchConfig { Exact = "admin" })) }) with
        {
            Gateways = List("istio-system/ingress"),
        }));

    // --- header operations -------------------------------------------------------------------------------------

    private static VirtualServiceConfig WithHeaders(HeaderOperationsConfig? request = null, HeaderOperationsConfig? response = null) =>
        Vs(Route() with { Headers = new HeadersConfig { Request = request, Response = response } });

    [Fact]
    public void Validate_RequestSetColonHeader_Error() =>
        Only(WithHeaders(new HeaderOperationsConfig { Set = Map((":path", "/x")) }),
            "spec.http[0].headers.request.set", "invalid header \":path\": header cannot have \":\" prefix");

    [Fact]
    public void Validate_RequestSetAuthorityAndHost_Allowed() =>
        Assert.Empty(Run(WithHeaders(new HeaderOperationsConfig { Set = Map((":authority", "a.com")) })));

    [Fact]
    public void Validate_RequestRemoveHost_Error() =>
        Only(WithHeaders(new HeaderOperationsConfig { Remove = List("Host") }),
            "spec.http[0].headers.request.remove", "invalid header \"Host\": cannot set Host header");

    [Fact]
    public void Validate_ResponseAddColonHeader_Error() =>
        Only(WithHeaders(response: new HeaderOperationsConfig { Add = Map((":status", "200")) }),
            "spec.http[0].headers.response.add", "invalid header \":status\": header cannot have \":\" prefix");

    [Fact]
    public void Validate_EmptyOperationName_Error() =>
        Only(WithHeaders(response: new HeaderOperationsConfig { Set = Map((string.Empty, "v")) }),
            "spec.http[0].headers.response.set", "header name cannot be empty");

    [Fact]
    public void Validate_HeaderValueControlChar_Error() =>
        Only(WithHeaders(new HeaderOperationsConfig { Set = Map(("x-a", "a\nb")) }),
            "spec.http[0].headers.request.set", "header value configuration a\nb is invalid");

    [Fact]
    public void Validate_HeaderValueUnescapedPercent_Error() =>
        Only(WithHeaders(new HeaderOperationsConfig { Add = Map(("x-a", "100%")) }),
            "spec.http[0].headers.request.add", "header value configuration: invalid header configuration. Un-escaped %");

    [Fact]
    public void Validate_HeaderValueUnterminatedVariable_Error() =>
        Only(WithHeaders(new HeaderOperationsConfig { Add = Map(("x-a", "%START_TIME")) }),
            "spec.http[0].headers.request.add", "header value configuration: invalid header configuration. Un-terminated variable expression '%START_TIME'");

    [Fact]
    public void Validate_HeaderValueSubstitutions_Valid() =>
        Assert.Empty(Run(WithHeaders(new HeaderOperationsConfig
        {
            Set = Map(("x-a", "100%%"), ("x-b", "prefix %HOSTNAME% suffix"), ("x-c", "%REQ([\"x-y\"])%"), ("x-d", "tab\there")),
        })));

    [Fact]
    public void Validate_AuthoritySetTwice_Error()
    {
        var route = Route() with
        {
            Rewrite = new HttpRewriteConfig { Authority = "a.com" },
            Headers = new HeadersConfig { Request = new HeaderOperationsConfig { Set = Map(("Host", "b.com")) } },
        };

        Only(Vs(route), "spec.http[0].headers.request.set", "authority header cannot be set multiple times: have \"a.com\", attempting to set \"b.com\"");
    }

    [Fact]
    public void Validate_DestinationHeaders_Checked() =>
        Only(Vs(Route(To() with { Headers = new HeadersConfig { Response = new HeaderOperationsConfig { Remove = List(":path") } } })),
            "spec.http[0].route[0].headers.response.remove", "invalid header \":path\": header cannot have \":\" prefix");

    // --- destinations and weights ------------------------------------------------------------------------------

    [Fact]
    public void Validate_NegativeWeight_Error() =>
        Only(Vs(Route(To(weight: 100), To(weight: -1))), "spec.http[0].route[1].weight", "weight -1 < 0");

    [Fact]
    public void Validate_TotalWeightZero_Error() =>
        Only(Vs(Route(To(subset: "v1"), To(subset: "v2"))), "spec.http[0].route", "total destination weight = 0");

    [Fact]
    public void Validate_WeightsNotSummingTo100_Valid() =>
        Assert.Empty(Run(Vs(Route(To(subset: "v1", weight: 1), To(subset: "v2", weight: 2)))));

    [Fact]
    public void Validate_SingleDestinationZeroWeight_Valid() =>
        Assert.Empty(Run(Vs(Route(To(weight: 0)))));

    [Fact]
    public void Validate_DestinationRequired_Error() =>
        Only(Vs(Route(new HttpRouteDestinationConfig { Weight = 1 })), "spec.http[0].route[0].destination", "destination is required");

    [Fact]
    public void Validate_NullDestinationEntry_Error() =>
        Only(Vs(new HttpRouteConfig { Route = List(new HttpRouteDestinationConfig[] { null! }) }), "spec.http[0].route[0]", "weight may not be nil");

    [Fact]
    public void Validate_DestinationHostStar_Error() =>
        Only(Vs(Route(To("*"))), "spec.http[0].route[0].destination.host", "invalid destination host *");

    [Fact]
    public void Validate_DestinationHostInvalid_Error() =>
        Only(Vs(Route(To("a..b"))), "spec.http[0].route[0].destination.host", "domain name \".b\" invalid (label \"\" invalid)");

    [Fact]
    public void Validate_SubsetNameInvalid_Error() =>
        Only(Vs(Route(To(subset: "v_1"))), "spec.http[0].route[0].destination.subset", "subset name is invalid: v_1");

    [Fact]
    public void Validate_DestinationPort_Error() =>
        Only(Vs(Route(new HttpRouteDestinationConfig { Destination = Dest() with { Port = new PortSelectorConfig { Number = 0 } } })),
            "spec.http[0].route[0].destination.port.number", "port number 0 must be in the range 1..65535");

    // --- timeout and retries -----------------------------------------------------------------------------------

    [Fact]
    public void Validate_TimeoutNotMsPrecision_Error() =>
        Only(Vs(Route() with { Timeout = new Duration(1_500_000) }), "spec.http[0].timeout", "only durations to ms precision are supported");

    private static VirtualServiceConfig WithRetries(HttpRetryConfig retries) => Vs(Route() with { Retries = retries });

    [Fact]
    public void Validate_NegativeAttempts_Error() =>
        Only(WithRetries(new HttpRetryConfig { Attempts = -1 }), "spec.http[0].retries.attempts", "attempts cannot be negative");

    [Fact]
    public void Validate_ZeroAttemptsWithRetryOn_Error() =>
        Only(WithRetries(new HttpRetryConfig { Attempts = 0, RetryOn = "5xx" }), "spec.http[0].retries.attempts",
            "http retry policy configured when attempts are set to 0 (disabled)");

    [Fact]
    public void Validate_ZeroAttemptsWithRemoteLocalities_Error() =>
        Only(WithRetries(new HttpRetryConfig { RetryRemoteLocalities = false }), "spec.http[0].retries.attempts",
            "http retry policy configured when attempts are set to 0 (disabled)");

    [Fact]
    public void Validate_RetryOnWithSpace_Error() =>
        Only(WithRetries(new HttpRetryConfig { Attempts = 2, RetryOn = "5xx, reset" }), "spec.http[0].retries.retryOn", "\" reset\" is not a valid retryOn policy");

    [Fact]
    public void Validate_RetryOnUnknownStatusCode_Error() =>
        Only(WithRetries(new HttpRetryConfig { Attempts = 2, RetryOn = "503,599" }), "spec.http[0].retries.retryOn", "\"599\" is not a valid retryOn policy");

    [Fact]
    public void Validate_RetryOnStatusCodesAndGrpcPolicies_Valid() =>
        Assert.Empty(Run(WithRetries(new HttpRetryConfig { Attempts = 2, RetryOn = "503,418,retriable-status-codes,unavailable,cancelled" })));

    [Fact]
    public void Validate_PerTryTimeoutAndBackoff_Errors()
    {
        var diagnostics = Run(WithRetries(new HttpRetryConfig { Attempts = 1, PerTryTimeout = Duration.Zero, Backoff = new Duration(10) }));

        Assert.Equal(["spec.http[0].retries.perTryTimeout", "spec.http[0].retries.backoff"], diagnostics.Select(d => d.FieldPath));
        Assert.All(diagnostics, d => Assert.Equal("duration must be greater than 1ms", d.Message));
    }

    // --- fault -------------------------------------------------------------------------------------------------

    private static VirtualServiceConfig WithFault(HttpFaultInjectionConfig fault) => Vs(Route() with { Fault = fault });

    [Fact]
    public void Validate_EmptyFault_Error() =>
        Only(WithFault(new HttpFaultInjectionConfig()), "spec.http[0].fault", "HTTP fault injection must have an abort and/or a delay");

    [Fact]
    public void Validate_AbortWithoutErrorType_Warning() =>
        Only(WithFault(new HttpFaultInjectionConfig { Abort = new AbortConfig { Percentage = new PercentConfig { Value = 10 } } }),
            "spec.http[0].fault.abort", "abort configured, but error type not set", DiagnosticSeverity.Warning);

    [Fact]
    public void Validate_AbortHttpStatus_Error() =>
        Only(WithFault(new HttpFaultInjectionConfig { Abort = new AbortConfig { HttpStatus = 199 } }),
            "spec.http[0].fault.abort.httpStatus", "HTTP status 199 is not in range 200-599");

    [Fact]
    public void Validate_AbortHttpStatus600_Valid() =>
        Assert.Empty(Run(WithFault(new HttpFaultInjectionConfig { Abort = new AbortConfig { HttpStatus = 600 } })));

    [Fact]
    public void Validate_AbortHttpStatus601_Error() =>
        Only(WithFault(new HttpFaultInjectionConfig { Abort = new AbortConfig { HttpStatus = 601 } }),
            "spec.http[0].fault.abort.httpStatus", "HTTP status 601 is not in range 200-599");

    [Fact]
    public void Validate_AbortGrpcStatusNumber_Error() =>
        Only(WithFault(new HttpFaultInjectionConfig { Abort = new AbortConfig { GrpcStatus = "14" } }),
            "spec.http[0].fault.abort.grpcStatus",
            "gRPC status \"14\" is not supported. See https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a list of supported codes, for example 'NOT_FOUND'");

    [Fact]
    public void Validate_AbortGrpcStatusName_Valid() =>
        Assert.Empty(Run(WithFault(new HttpFaultInjectionConfig { Abort = new AbortConfig { GrpcStatus = "UNAVAILABLE" } })));

    [Fact]
    public void Validate_AbortHttp2Error_Error() =>
        Only(WithFault(new HttpFaultInjectionConfig { Abort = new AbortConfig { Http2Error = "CANCEL" } }),
            "spec.http[0].fault.abort.http2Error", "HTTP/2 abort fault injection not supported yet");

    [Fact]
    public void Validate_AbortPercentageOutOfRange_Error() =>
        Only(WithFault(new HttpFaultInjectionConfig { Abort = new AbortConfig { HttpStatus = 503, Percentage = new PercentConfig { Value = 0.00001 } } }),
            "spec.http[0].fault.abort.percentage", "percentage 1e-05 is neither 0.0, nor in range [0.0001, 100.0]");

    [Fact]
    public void Validate_DelayPercentageAbove100_Error() =>
        Only(WithFault(new HttpFaultInjectionConfig { Delay = new DelayConfig { FixedDelay = Duration.Parse("1s"), Percentage = new PercentConfig { Value = 101 } } }),
            "spec.http[0].fault.delay.percentage", "percentage 101 is neither 0.0, nor in range [0.0001, 100.0]");

    [Fact]
    public void Validate_FixedDelayNanoseconds_Error() =>
        Only(WithFault(new HttpFaultInjectionConfig { Delay = new DelayConfig { FixedDelay = new Duration(3_000_000_042) } }),
            "spec.http[0].fault.delay.fixedDelay", "only durations to ms precision are supported");

    [Fact]
    public void Validate_ExponentialDelay_Error() =>
        Only(WithFault(new HttpFaultInjectionConfig { Delay = new DelayConfig { ExponentialDelay = Duration.Parse("1s") } }),
            "spec.http[0].fault.delay.exponentialDelay", "exponentialDelay not supported yet");

    // --- mirror ------------------------------------------------------------------------------------------------

    [Fact]
    public void Validate_MirrorPercent_ErrorAndDeprecationWarning()
    {
        var diagnostics = Run(Vs(Route() with { Mirror = Dest("shadow"), MirrorPercent = 101 }));

        Assert.Equal(2, diagnostics.Count);
        Has(diagnostics, "spec.http[0].mirrorPercent", "mirror_percent must have a max value of 100 (it has 101)");
        Has(diagnostics, "spec.http[0].mirrorPercent", "using deprecated setting \"mirrorPercent\", use \"mirrorPercentage\" instead", DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Validate_MirrorPercentageAbove100_Error() =>
        Only(Vs(Route() with { Mirror = Dest("shadow"), MirrorPercentage = new PercentConfig { Value = 100.5 } }),
            "spec.http[0].mirrorPercentage", "mirror_percentage must have a max value of 100 (it has 100.500000)");

    [Fact]
    public void Validate_MirrorPercentageNegative_Error() =>
        Only(Vs(Route() with { Mirror = Dest("shadow"), MirrorPercentage = new PercentConfig { Value = -1 } }),
            "spec.http[0].mirrorPercentage", "mirror_percentage must have a min value of 0 (it has -1.000000)");

    [Fact]
    public void Validate_MirrorDestination_Checked() =>
        Only(Vs(Route() with { Mirror = Dest("*") }), "spec.http[0].mirror.host", "invalid destination host *");

    [Fact]
    public void Validate_MirrorsEntries_Errors()
    {
        var diagnostics = Run(Vs(Route() with
        {
            Mirrors = List(
                null!,
                new HttpMirrorPolicyConfig(),
                new HttpMirrorPolicyConfig { Destination = Dest("shadow"), Percentage = new PercentConfig { Value = 200 } },
                new HttpMirrorPolicyConfig { Destination = Dest("shadow", "bad_subset"), Percentage = new PercentConfig { Value = -5 } }),
        }));

        Has(diagnostics, "spec.http[0].mirrors[0]", "mirror cannot be null");
        Has(diagnostics, "spec.http[0].mirrors[1]", "destination is required for mirrors");
        Has(diagnostics, "spec.http[0].mirrors[2].percentage", "mirror percentage must have a max value of 100 (it has 200.000000)");
        Has(diagnostics, "spec.http[0].mirrors[3].destination.subset", "subset name is invalid: bad_subset");
        Has(diagnostics, "spec.http[0].mirrors[3].percentage", "mirror percentage must have a min value of 0 (it has -5.000000)");
    }

    // --- redirect, rewrite, direct response --------------------------------------------------------------------

    private static VirtualServiceConfig WithRedirect(HttpRedirectConfig redirect) => Vs(new HttpRouteConfig { Redirect = redirect });

    [Fact]
    public void Validate_EmptyRedirect_Error() =>
        Only(WithRedirect(new HttpRedirectConfig { RedirectCode = 302 }), "spec.http[0].redirect", "redirect must specify URI, authority, scheme, or port");

    [Fact]
    public void Validate_RedirectDerivePortOnly_Valid() =>
        Assert.Empty(Run(WithRedirect(new HttpRedirectConfig { DerivePort = RedirectPortSelection.FromRequestPort })));

    [Fact]
    public void Validate_RedirectCode_Error() =>
        Only(WithRedirect(new HttpRedirectConfig { Uri = "/x", RedirectCode = 200 }), "spec.http[0].redirect.redirectCode", "200 is not a valid redirect code, must be 3xx");

    [Fact]
    public void Validate_RedirectScheme_Error() =>
        Only(WithRedirect(new HttpRedirectConfig { Scheme = "ftp" }), "spec.http[0].redirect.scheme", "invalid redirect scheme, must be \"http\" or \"https\"");

    [Fact]
    public void Validate_RedirectUriAndPrefixRewrite_Error() =>
        Only(WithRedirect(new HttpRedirectConfig { Uri = "/x", PrefixRewrite = "/y" }), "spec.http[0].redirect.prefixRewrite", "redirect may only specify one of uri or prefix_rewrite");

    [Fact]
    public void Validate_RedirectPrefixRewriteWithExactMatch_Error() =>
        Only(
            Vs(new HttpRouteConfig
            {
                Match = [new HttpMatchRequestConfig { Uri = new StringMatchConfig { Exact = "/foo" } }],
                Redirect = new HttpRedirectConfig { PrefixRewrite = "/" },
            }),
            "spec.http[0].redirect.prefixRewrite",
            "redirect prefix_rewrite requires all URI matches to use prefix match type");

    [Fact]
    public void Validate_RedirectPrefixRewriteWithPrefixMatch_Valid() =>
        Assert.Empty(Run(Vs(new HttpRouteConfig
        {
            Match = [new HttpMatchRequestConfig { Uri = new StringMatchConfig { Prefix = "/foo/" } }],
            Redirect = new HttpRedirectConfig { PrefixRewrite = "/" },
        })));

    [Fact]
    public void Validate_RedirectPort_Error() =>
        Only(WithRedirect(new HttpRedirectConfig { Port = 65536 }), "spec.http[0].redirect.port", "port number 65536 must be in the range 1..65535");

    private static VirtualServiceConfig WithRewrite(HttpRewriteConfig rewrite) => Vs(Route() with { Rewrite = rewrite });

    [Fact]
    public void Validate_RewriteUriAndRegex_Error() =>
        Only(WithRewrite(new HttpRewriteConfig { Uri = "/a", UriRegexRewrite = new RegexRewriteConfig { Match = "a", Rewrite = "b" } }),
            "spec.http[0].rewrite.uriRegexRewrite", "rewrite may only contain one of URI or UriRegexRewrite");

    [Fact]
    public void Validate_EmptyRewrite_Error() =>
        Only(WithRewrite(new HttpRewriteConfig()), "spec.http[0].rewrite",
            "rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified");

    [Fact]
    public void Validate_RegexRewriteMissingRewrite_Error() =>
        Only(WithRewrite(new HttpRewriteConfig { UriRegexRewrite = new RegexRewriteConfig { Match = "^/a" } }),
            "spec.http[0].rewrite.uriRegexRewrite.match", "UriRegexRewrite has errors\nUriRegexRewrite requires both Rewrite and Match fields to be specified");

    [Fact]
    public void Validate_RegexRewriteBadRegex_Error()
    {
        var diagnostic = Assert.Single(Run(WithRewrite(new HttpRewriteConfig { UriRegexRewrite = new RegexRewriteConfig { Match = "(?<=a)b", Rewrite = "c" } })));

        Assert.Equal("spec.http[0].rewrite.uriRegexRewrite.match", diagnostic.FieldPath);
        Assert.StartsWith("UriRegexRewrite has errors\n\"HTTPRewrite.UriRegexRewrite.Match\": ", diagnostic.Message, StringComparison.Ordinal);
    }

    private static VirtualServiceConfig WithDirectResponse(HttpDirectResponseConfig response) => Vs(new HttpRouteConfig { DirectResponse = response });

    [Fact]
    public void Validate_DirectResponseStatus_Error() =>
        Only(WithDirectResponse(new HttpDirectResponseConfig { Status = 700 }), "spec.http[0].directResponse.status", "HTTP status 700 is not in range 200-599");

    [Fact]
    public void Validate_DirectResponseWithoutStatus_Error() =>
        Only(WithDirectResponse(new HttpDirectResponseConfig()), "spec.http[0].directResponse.status", "HTTP status 0 is not in range 200-599");

    [Fact]
    public void Validate_DirectResponseBodyOver1MB_Error() =>
        Only(WithDirectResponse(new HttpDirectResponseConfig { Status = 200, Body = new HttpBodyConfig { String = new string('x', (1024 * 1024) + 1) } }),
            "spec.http[0].directResponse.body.string", "large direct_responses may impact control plane performance, must be less than 1MB");

    [Fact]
    public void Validate_DirectResponseBodyOver100KB_Warning() =>
        Only(WithDirectResponse(new HttpDirectResponseConfig { Status = 200, Body = new HttpBodyConfig { String = new string('x', (100 * 1024) + 1) } }),
            "spec.http[0].directResponse.body.string", "large direct_responses may impact control plane performance", DiagnosticSeverity.Warning);

    [Fact]
    public void Validate_DirectResponseBytesMeasuredDecoded()
    {
        // 102,600 decoded bytes (a warning) are 136,800 base64 characters; 100KB of base64 alone is fine.
        var large = Convert.ToBase64String(new byte[102_600]);
        var small = Convert.ToBase64String(new byte[100 * 1024 * 3 / 4]);

        Only(WithDirectResponse(new HttpDirectResponseConfig { Status = 200, Body = new HttpBodyConfig { Bytes = large } }),
            "spec.http[0].directResponse.body.bytes", "large direct_responses may impact control plane performance", DiagnosticSeverity.Warning);
        Assert.Empty(Run(WithDirectResponse(new HttpDirectResponseConfig { Status = 200, Body = new HttpBodyConfig { Bytes = small } })));
    }

    // --- CORS --------------------------------------------------------------------------------------------------

    private static VirtualServiceConfig WithCors(CorsPolicyConfig cors) => Vs(Route() with { CorsPolicy = cors });

    [Fact]
    public void Validate_CorsEmptyOrigin_Error() =>
        Only(WithCors(new CorsPolicyConfig { AllowOrigins = List(new StringMatchConfig { Exact = string.Empty }) }),
            "spec.http[0].corsPolicy.allowOrigins[0]", "'' is not a valid match type for CORS allow origins");

    [Fact]
    public void Validate_CorsOriginRegex_Error()
    {
        var diagnostic = Assert.Single(Run(WithCors(new CorsPolicyConfig { AllowOrigins = List(new StringMatchConfig { Regex = "[" }) })));

        Assert.Equal("spec.http[0].corsPolicy.allowOrigins[0].regex", diagnostic.FieldPath);
        Assert.StartsWith("\"corsPolicy.allowOrigins\": ", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CorsMethod_Error() =>
        Only(WithCors(new CorsPolicyConfig { AllowMethods = List("GET", "get", "*") }), "spec.http[0].corsPolicy.allowMethods", "\"get\" is not a supported HTTP method");

    [Fact]
    public void Validate_CorsHeaders_Errors()
    {
        var diagnostics = Run(WithCors(new CorsPolicyConfig { AllowHeaders = List("*", "x a"), ExposeHeaders = List(string.Empty) }));

        Has(diagnostics, "spec.http[0].corsPolicy.allowHeaders", "header name x a is not a valid header name");
        Has(diagnostics, "spec.http[0].corsPolicy.exposeHeaders", "header name cannot be empty");
    }

    [Fact]
    public void Validate_CorsMaxAgeSubSecond_Error() =>
        Only(WithCors(new CorsPolicyConfig { MaxAge = Duration.Parse("1500ms") }), "spec.http[0].corsPolicy.maxAge", "max_age duration is accurate only to seconds precision");

    [Fact]
    public void Validate_CorsMaxAgeTooSmall_BothErrors()
    {
        var messages = Run(WithCors(new CorsPolicyConfig { MaxAge = new Duration(500) })).Select(d => d.Message);

        Assert.Equal(["duration must be greater than 1ms", "max_age duration is accurate only to seconds precision"], messages);
    }

    // --- TCP and TLS routes ------------------------------------------------------------------------------------

    private static RouteDestinationConfig L4To(string host = "reviews", int? weight = null) => new() { Destination = Dest(host), Weight = weight };

    private static VirtualServiceConfig WithTcp(params TcpRouteConfig[] routes) => new() { Hosts = List("db.example.com"), Tcp = List(routes) };

    private static VirtualServiceConfig WithTls(params TlsRouteConfig[] routes) => new() { Hosts = List("*.example.com"), Tls = List(routes) };

    [Fact]
    public void Validate_TcpRouteRequired_Error() =>
        Only(WithTcp(new TcpRouteConfig()), "spec.tcp[0].route", "TCP route is required");

    [Fact]
    public void Validate_TcpNullMatch_Error() =>
        Only(WithTcp(new TcpRouteConfig { Match = List(new L4MatchAttributesConfig[] { null! }), Route = List(L4To()) }), "spec.tcp[0].match[0]", "tcp match may not be nil");

    [Fact]
    public void Validate_TcpDestinationSubnets_Errors()
    {
        var diagnostics = Run(WithTcp(new TcpRouteConfig
        {
            Match = List(new L4MatchAttributesConfig { DestinationSubnets = List("10.0.0.0/33", "10.0.0.300"), Port = 70000 }),
            Route = List(L4To()),
        }));

        Has(diagnostics, "spec.tcp[0].match[0].destinationSubnets", "10.0.0.0/33 is not a valid CIDR block");
        Has(diagnostics, "spec.tcp[0].match[0].destinationSubnets", "10.0.0.300 is not a valid IP");
        Has(diagnostics, "spec.tcp[0].match[0].port", "port number 70000 must be in the range 1..65535");
    }

    [Fact]
    public void Validate_TcpWeights_Errors()
    {
        var diagnostics = Run(WithTcp(new TcpRouteConfig { Route = List(L4To(weight: -2), L4To("*", weight: 2)) }));

        Has(diagnostics, "spec.tcp[0].route[0].weight", "weight -2 < 0");
        Has(diagnostics, "spec.tcp[0].route[1].destination.host", "invalid destination host *");
        Has(diagnostics, "spec.tcp[0].route", "total destination weight = 0");
    }

    [Fact]
    public void Validate_TcpTotalWeightZero_Error() =>
        Only(WithTcp(new TcpRouteConfig { Route = List(L4To(), L4To("other")) }), "spec.tcp[0].route", "total destination weight = 0");

    [Fact]
    public void Validate_TlsRouteWithoutMatchOrRoute_Errors()
    {
        var diagnostics = Run(WithTls(new TlsRouteConfig()));

        Has(diagnostics, "spec.tls[0].match", "TLS route must have at least one match condition");
        Has(diagnostics, "spec.tls[0].route", "TLS route is required");
    }

    [Fact]
    public void Validate_TlsMatchWithoutSni_Error() =>
        Only(WithTls(new TlsRouteConfig { Match = List(new TlsMatchAttributesConfig()), Route = List(L4To()) }),
            "spec.tls[0].match[0].sniHosts", "TLS match must have at least one SNI host");

    [Fact]
    public void Validate_TlsSniOutsideHosts_Error() =>
        Only(WithTls(new TlsRouteConfig { Match = List(new TlsMatchAttributesConfig { SniHosts = List("a.other.com") }), Route = List(L4To()) }),
            "spec.tls[0].match[0].sniHosts", "SNI host \"a.other.com\" is not a compatible subset of any of the virtual service hosts: [*.example.com]");

    [Fact]
    public void Validate_TlsSniSubsetOfWildcard_Valid() =>
        Assert.Empty(Run(WithTls(new TlsRouteConfig { Match = List(new TlsMatchAttributesConfig { SniHosts = List("a.b.example.com", "*.x.example.com") }), Route = List(L4To()) })));

    [Fact]
    public void Validate_TlsSniIp_Warning() =>
        Only(WithTls(new TlsRouteConfig { Match = List(new TlsMatchAttributesConfig { SniHosts = List("10.0.0.1") }), Route = List(L4To()) }),
            "spec.tls[0].match[0].sniHosts", "using an IP address (\"10.0.0.1\") goes against SNI spec and most clients do not support this", DiagnosticSeverity.Warning);

    [Fact]
    public void Validate_TlsMatchLabelsAndGateways_Errors()
    {
        var diagnostics = Run(WithTls(new TlsRouteConfig
        {
            Match = List(new TlsMatchAttributesConfig { SniHosts = List("a.example.com"), SourceLabels = Map(("app", "bad value")), Gateways = List("x/") }),
            Route = List(L4To()),
        }));

        Has(diagnostics, "spec.tls[0].match[0].sourceLabels", "invalid tag value: \"bad value\"");
        Has(diagnostics, "spec.tls[0].match[0].gateways", "config namespace and gateway name cannot be empty");
    }

    // --- exportTo ----------------------------------------------------------------------------------------------

    [Fact]
    public void Validate_ExportTo_Errors()
    {
        var diagnostics = Run(Vs(Route()) with { ExportTo = List(".", "default", "*") });

        Has(diagnostics, "spec.exportTo", "duplicate entries in exportTo: . and current namespace default");
        Has(diagnostics, "spec.exportTo", "cannot have both public (*) and non-public exportTo values for a resource");
    }

    [Fact]
    public void Validate_ExportToTilde_Error() =>
        Only(Vs(Route()) with { ExportTo = List("~") }, "spec.exportTo", "invalid namespace name \"~\" in exportTo");

    // --- unreachable rules -------------------------------------------------------------------------------------

    [Fact]
    public void Validate_RuleAfterCatchAll_WarnedPerMatch()
    {
        var spec = Vs(
            Route(),
            Route() with { Name = "late", Match = List(Prefix("/a"), Prefix("/b")) });

        var diagnostics = Run(spec);

        Assert.Equal(2, diagnostics.Count);
        Assert.All(diagnostics, d =>
        {
            Assert.Equal("virtualService rule \"late\" not used (route without matches defined before)", d.Message);
            Assert.Equal("spec.http[1]", d.FieldPath);
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        });
    }

    [Fact]
    public void Validate_DuplicateMatch_Warnings()
    {
        var spec = Vs(
            Route() with { Name = "first", Match = List(Prefix("/a")) },
            Route() with { Match = List(Prefix("/a") with { Name = "again" }) });

        var diagnostics = Run(spec);

        Has(diagnostics, "spec.http[1].match[0]", "virtualService rule #1 match \"again\" is not used (duplicate/overlapping match in rule \"first\")", DiagnosticSeverity.Warning);
        Has(diagnostics, "spec.http[1]", "virtualService rule #1 not used (all matches used by prior rules)", DiagnosticSeverity.Warning);
        Assert.Equal(2, diagnostics.Count);
    }

    [Fact]
    public void Validate_OverlappingPrefix_Warning()
    {
        var spec = Vs(
            Route() with { Match = List(Prefix("/debug")) },
            Route() with { Match = List(Prefix("/debugs")) });

        Only(spec, "spec.http[1].match[0]", "virtualService rule #1 match #0 of prefix /debugs is not used (duplicate/overlapping match in rule #0 of prefix /debug on #0)", DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Validate_PrefixWithDifferentHeaders_NotOverlapping() =>
        Assert.Empty(Run(Vs(
            Route() with { Match = List(Prefix("/debug")) },
            Route() with { Match = List(Prefix("/debugs") with { Headers = Map(("x-a", new StringMatchConfig { Exact = "1" })) }) })));

    [Fact]
    public void Validate_TcpDuplicateMatch_Warnings()
    {
        var match = new L4MatchAttributesConfig { Port = 27017 };
        var diagnostics = Run(WithTcp(
            new TcpRouteConfig { Match = List(match), Route = List(L4To()) },
            new TcpRouteConfig { Match = List(match with { }), Route = List(L4To()) }));

        Has(diagnostics, "spec.tcp[1].match[0]", "virtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0)", DiagnosticSeverity.Warning);
        Has(diagnostics, "spec.tcp[1]", "virtualService rule #1 not used (all matches used by prior rules)", DiagnosticSeverity.Warning);
    }

    // --- locations ---------------------------------------------------------------------------------------------

    [Fact]
    public void Validate_ErrorPointsAtFieldLocation()
    {
        var destination = To(weight: -3) with { FieldSources = new Dictionary<string, SourceLocation> { ["weight"] = Here }, Source = new SourceLocation("vs.yaml", 11, 5) };

        var diagnostic = Only(Vs(Route(destination)), "spec.http[0].route[0].weight", "weight -3 < 0");

        Assert.Equal(Here, diagnostic.Location);
    }

    [Fact]
    public void Validate_FieldWithoutKnownLocation_PointsAtOwner()
    {
        var owner = new SourceLocation("vs.yaml", 20, 9);
        var retries = new HttpRetryConfig
        {
            Attempts = 2,
            RetryOn = "bogus",
            Source = owner,
            FieldSources = new Dictionary<string, SourceLocation> { ["attempts"] = Here },
        };

        var diagnostic = Only(WithRetries(retries), "spec.http[0].retries.retryOn", "\"bogus\" is not a valid retryOn policy");

        Assert.Equal(owner, diagnostic.Location);
    }

    [Fact]
    public void Validate_HostsErrorPointsAtHostsField()
    {
        var spec = Vs(Route()) with { Hosts = List("*"), FieldSources = new Dictionary<string, SourceLocation> { ["hosts"] = Here } };

        Assert.Equal(Here, Assert.Single(Run(spec)).Location);
    }
}
