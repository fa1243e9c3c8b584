using MeshLib.Configuration;
using MeshLib.Configuration.Common;
using MeshLib.Configuration.DestinationRule;
using MeshLib.Configuration.Diagnostics;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.Validation;
using static MeshLib.Tests.Configuration.Validation.ValidationTestKit;

namespace MeshLib.Tests.Configuration.Validation;

public class DestinationRuleValidatorTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;
    private const string TP = "spec.trafficPolicy";

    private static List<ConfigDiagnostic> Validate(DestinationRuleConfig spec) =>
        Run(ResourceKind.DestinationRule, spec, DestinationRuleValidator.Validate);

    private static List<ConfigDiagnostic> Validate(TrafficPolicyConfig policy) =>
        Validate(new DestinationRuleConfig { Host = "reviews", TrafficPolicy = policy });

    private static List<ConfigDiagnostic> Validate(ConnectionPoolSettingsConfig pool) => Validate(new TrafficPolicyConfig { ConnectionPool = pool });

    private static List<ConfigDiagnostic> Validate(HttpSettingsConfig http) => Validate(new ConnectionPoolSettingsConfig { Http = http });

    private static List<ConfigDiagnostic> Validate(TcpSettingsConfig tcp) => Validate(new ConnectionPoolSettingsConfig { Tcp = tcp });

    private static List<ConfigDiagnostic> Validate(OutlierDetectionConfig outlier) => Validate(new TrafficPolicyConfig { OutlierDetection = outlier });

    private static List<ConfigDiagnostic> Validate(LoadBalancerSettingsConfig lb, OutlierDetectionConfig? outlier = null) =>
        Validate(new TrafficPolicyConfig { LoadBalancer = lb, OutlierDetection = outlier });

    private static List<ConfigDiagnostic> Validate(ConsistentHashLbConfig hash) => Validate(new LoadBalancerSettingsConfig { ConsistentHash = hash });

    private static List<ConfigDiagnostic> Validate(LocalityLoadBalancerSettingConfig locality) =>
        Validate(new LoadBalancerSettingsConfig { LocalityLbSetting = locality }, new OutlierDetectionConfig { Consecutive5xxErrors = 1 });

    private static List<ConfigDiagnostic> Validate(ClientTlsSettingsConfig tls) => Validate(new TrafficPolicyConfig { Tls = tls });

    private static List<ConfigDiagnostic> Validate(TunnelSettingsConfig tunnel) => Validate(new TrafficPolicyConfig { Tunnel = tunnel });

    private static LocalityDistributeConfig Distribute(string from, params (string Key, uint Value)[] to) => new() { From = from, To = Map(to) };

    // --- Known-good configurations ---

    [Fact]
    public void BookinfoReviewsSubsets_AreValid()
    {
        var spec = new DestinationRuleConfig
        {
            Host = "reviews",
            Subsets = List(
                new SubsetConfig { Name = "v1", Labels = Map(("version", "v1")) },
                new SubsetConfig { Name = "v2", Labels = Map(("version", "v2")) },
                new SubsetConfig { Name = "v3", Labels = Map(("version", "v3")) }),
        };

        Assert.Empty(Validate(spec));
    }

    [Fact]
    public void BookinfoDestinationRulesWithMutualTls_AreValid()
    {
        foreach (var host in new[] { "productpage", "ratings", "details" })
        {
            var spec = new DestinationRuleConfig
            {
                Host = host,
                TrafficPolicy = new TrafficPolicyConfig { Tls = new ClientTlsSettingsConfig { Mode = ClientTlsMode.IstioMutual } },
                Subsets = List(new SubsetConfig { Name = "v1", Labels = Map(("version", "v1")) }),
            };

            Assert.Empty(Validate(spec));
        }
    }

    [Fact]
    public void HttpbinCircuitBreaker_IsValid()
    {
        var spec = new DestinationRuleConfig
        {
            Host = "httpbin",
            TrafficPolicy = new TrafficPolicyConfig
            {
                ConnectionPool = new ConnectionPoolSettingsConfig
                {
                    Tcp = new TcpSettingsConfig { MaxConnections = 1 },
                    Http = new HttpSettingsConfig { Http1MaxPendingRequests = 1, MaxRequestsPerConnection = 1 },
                },
                OutlierDetection = new OutlierDetectionConfig
                {
                    Consecutive5xxErrors = 1,
                    Interval = D("1s"),
                    BaseEjectionTime = D("3m"),
                    MaxEjectionPercent = 100,
                },
            },
        };

        Assert.Empty(Validate(spec));
    }

    [Fact]
    public void RichValidPolicy_HasNoDiagnostics()
    {
        var policy = new TrafficPolicyConfig
        {
            LoadBalancer = new LoadBalancerSettingsConfig
            {
                ConsistentHash = new ConsistentHashLbConfig
                {
                    HttpCookie = new HttpCookieConfig { Name = "user", Ttl = D("0s"), Attributes = List(new HttpCookieAttributeConfig { Name = "SameSite", Value = "Strict" }) },
                    Maglev = new MaglevConfig { TableSize = 65537 },
                },
                LocalityLbSetting = new LocalityLoadBalancerSettingConfig
                {
                    Distribute = List(
                        Distribute("us-west/zone1/*", ("us-west/zone1/*", 80u), ("us-west/zone2/*", 20u)),
                        Distribute("us-east/*", ("us-east/*", 100u))),
                },
                Warmup = new WarmupConfig { Duration = D("60s"), MinimumPercent = 10, Aggression = 1 },
            },
            ConnectionPool = new ConnectionPoolSettingsConfig
            {
                Tcp = new TcpSettingsConfig { ConnectTimeout = D("30ms"), IdleTimeout = D("0s"), TcpKeepalive = new TcpKeepaliveConfig { Time = D("7200s"), Interval = D("75s") } },
                Http = new HttpSettingsConfig { H2UpgradePolicy = H2UpgradePolicy.Upgrade, Http2KeepAlive = new ConnectionKeepaliveConfig { Interval = D("10s"), Timeout = D("3s") } },
            },
            PortLevelSettings = List(new PortTrafficPolicyConfig { Port = new PortSelectorConfig { Number = 9080 }, Tls = new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple } }),
            ProxyProtocol = new ProxyProtocolConfig { Version = ProxyProtocolVersion.V2 },
        };

        Assert.Empty(Validate(policy));
    }

    // --- Host, subsets ---

    [Fact]
    public void Host_Missing_IsError() =>
        Single(Validate(new DestinationRuleConfig()), Error, "spec.host", "empty domain name not allowed");

    [Fact]
    public void Host_BadLabel_IsError() =>
        Single(Validate(new DestinationRuleConfig { Host = "bad_host.com" }), Error, "spec.host", "domain name \"bad_host.com\" invalid (label \"bad_host\" invalid)");

    [Fact]
    public void Subset_Null_IsError() =>
        Single(Validate(new DestinationRuleConfig { Host = "reviews", Subsets = new EquatableList<SubsetConfig>([null!]) }), Error, "spec.subsets[0]", "subset may not be null");

    [Fact]
    public void Subset_DuplicateName_IsError() =>
        Single(
            Validate(new DestinationRuleConfig { Host = "reviews", Subsets = List(new SubsetConfig { Name = "v1" }, new SubsetConfig { Name = "v1" }) }),
            Error, "spec.subsets[1].name", "duplicate subset names: v1");

    [Fact]
    public void Subset_InvalidName_IsError() =>
        Single(Validate(new DestinationRuleConfig { Host = "reviews", Subsets = List(new SubsetConfig { Name = "v1.0" }) }), Error, "spec.subsets[0].name", "subset name is invalid: v1.0");

    [Fact]
    public void Subset_EmptyName_IsError() =>
        Single(Validate(new DestinationRuleConfig { Host = "reviews", Subsets = List(new SubsetConfig()) }), Error, "spec.subsets[0].name", "subset name cannot be empty");

    [Fact]
    public void Subset_InvalidLabelValue_IsError() =>
        Single(
            Validate(new DestinationRuleConfig { Host = "reviews", Subsets = List(new SubsetConfig { Name = "v1", Labels = Map(("version", "v 1")) }) }),
            Error, "spec.subsets[0].labels", "invalid tag value: \"v 1\"");

    [Fact]
    public void Subset_InvalidLabelKey_IsError() =>
        Single(
            Validate(new DestinationRuleConfig { Host = "reviews", Subsets = List(new SubsetConfig { Name = "v1", Labels = Map(("-version", "v1")) }) }),
            Error, "spec.subsets[0].labels", "invalid tag key: \"-version\"");

    [Fact]
    public void Subset_EmptyTrafficPolicy_IsError() =>
        Single(
            Validate(new DestinationRuleConfig { Host = "reviews", Subsets = List(new SubsetConfig { Name = "v1", TrafficPolicy = new TrafficPolicyConfig() }) }),
            Error, "spec.subsets[0].trafficPolicy", "traffic policy must have at least one field");

    // --- Traffic policy, port-level settings ---

    [Fact]
    public void TrafficPolicy_Empty_IsError() => Single(Validate(new TrafficPolicyConfig()), Error, TP, "traffic policy must have at least one field");

    [Fact]
    public void TrafficPolicy_TunnelAndProxyProtocol_IsError() =>
        Single(
            Validate(new TrafficPolicyConfig { Tunnel = new TunnelSettingsConfig { TargetHost = "example.com", TargetPort = 443 }, ProxyProtocol = new ProxyProtocolConfig() }),
            Error, TP, "tunnel and proxyProtocol must not be set together");

    [Fact]
    public void PortLevelSettings_NullEntry_IsError() =>
        Single(Validate(new TrafficPolicyConfig { PortLevelSettings = new EquatableList<PortTrafficPolicyConfig>([null!]) }), Error, $"{TP}.portLevelSettings[0]", "traffic policy may not be null");

    [Fact]
    public void PortLevelSettings_MissingPort_IsError() =>
        Single(
            Validate(new TrafficPolicyConfig { PortLevelSettings = List(new PortTrafficPolicyConfig { Tls = new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple } }) }),
            Error, $"{TP}.portLevelSettings[0].port", "portTrafficPolicy must have valid port");

    [Fact]
    public void PortLevelSettings_NoPolicy_IsError() =>
        Single(
            Validate(new TrafficPolicyConfig { PortLevelSettings = List(new PortTrafficPolicyConfig { Port = new PortSelectorConfig { Number = 80 } }) }),
            Error, $"{TP}.portLevelSettings[0]", "port traffic policy must have at least one field");

    [Fact]
    public void PortLevelSettings_PortOutOfRange_IsError() =>
        Single(
            Validate(new TrafficPolicyConfig
            {
                PortLevelSettings = List(new PortTrafficPolicyConfig { Port = new PortSelectorConfig { Number = 70000 }, Tls = new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple } }),
            }),
            Error, $"{TP}.portLevelSettings[0].port.number", "port number 70000 must be in the range 1..65535");

    [Fact]
    public void PortLevelSettings_NestedBlocksAreValidated() =>
        Single(
            Validate(new TrafficPolicyConfig
            {
                PortLevelSettings = List(new PortTrafficPolicyConfig
                {
                    Port = new PortSelectorConfig { Number = 80 },
                    OutlierDetection = new OutlierDetectionConfig { MaxEjectionPercent = 101 },
                }),
            }),
            Error, $"{TP}.portLevelSettings[0].outlierDetection.maxEjectionPercent", "percentage 101 is not in range 0..100");

    // --- Connection pool ---

    [Fact]
    public void ConnectionPool_Empty_IsError() =>
        Single(Validate(new ConnectionPoolSettingsConfig()), Error, $"{TP}.connectionPool", "connection pool must have at least one field");

    [Theory]
    [InlineData("http1MaxPendingRequests", "http1 max pending requests must be non-negative")]
    [InlineData("http2MaxRequests", "http2 max requests must be non-negative")]
    [InlineData("maxRequestsPerConnection", "max requests per connection must be non-negative")]
    [InlineData("maxRetries", "max retries must be non-negative")]
    [InlineData("maxConcurrentStreams", "max concurrent streams must be non-negative")]
    public void HttpPool_NegativeLimit_IsError(string field, string message)
    {
        var http = field switch
        {
            "http1MaxPendingRequests" => new HttpSettingsConfig { Http1MaxPendingRequests = -1 },
            "http2MaxRequests" => new HttpSettingsConfig { Http2MaxRequests = -1 },
            "maxRequestsPerConnection" => new HttpSettingsConfig { MaxRequestsPerConnection = -1 },
            "maxRetries" => new HttpSettingsConfig { MaxRetries = -1 },
            _ => new HttpSettingsConfig { MaxConcurrentStreams = -1 },
        };

        Single(Validate(http), Error, $"{TP}.connectionPool.http.{field}", message);
    }

    [Fact]
    public void TcpPool_NegativeMaxConnections_IsError() =>
        Single(Validate(new TcpSettingsConfig { MaxConnections = -1 }), Error, $"{TP}.connectionPool.tcp.maxConnections", "max connections must be non-negative");

    [Fact]
    public void HttpPool_UseClientProtocolWithUpgrade_IsError() =>
        Single(
            Validate(new HttpSettingsConfig { H2UpgradePolicy = H2UpgradePolicy.Upgrade, UseClientProtocol = true }),
            Error, $"{TP}.connectionPool.http.useClientProtocol", "use client protocol must not be true when H2UpgradePolicy is UPGRADE");

    [Fact]
    public void Http2KeepAlive_MissingInterval_IsError() =>
        Single(
            Validate(new HttpSettingsConfig { Http2KeepAlive = new ConnectionKeepaliveConfig { Timeout = D("1s") } }),
            Error, $"{TP}.connectionPool.http.http2KeepAlive.interval", "http2 keepalive interval is required");

    [Fact]
    public void Http2KeepAlive_MissingTimeout_IsError() =>
        Single(
            Validate(new HttpSettingsConfig { Http2KeepAlive = new ConnectionKeepaliveConfig { Interval = D("1s") } }),
            Error, $"{TP}.connectionPool.http.http2KeepAlive.timeout", "http2 keepalive timeout is required");

    [Fact]
    public void HttpPool_IdleTimeoutBelowOneMillisecond_IsError() =>
        Single(Validate(new HttpSettingsConfig { IdleTimeout = D("500us") }), Error, $"{TP}.connectionPool.http.idleTimeout", "duration must be greater than 1ms");

    [Fact]
    public void HttpPool_IdleTimeoutZero_IsError() =>
        Single(Validate(new HttpSettingsConfig { IdleTimeout = D("0s") }), Error, $"{TP}.connectionPool.http.idleTimeout", "duration must be greater than 1ms");

    [Fact]
    public void TcpPool_ConnectTimeoutSubMillisecond_IsError() =>
        Single(Validate(new TcpSettingsConfig { ConnectTimeout = D("1.5ms") }), Error, $"{TP}.connectionPool.tcp.connectTimeout", "only durations to ms precision are supported");

    [Fact]
    public void TcpPool_MaxConnectionDurationTooShort_IsError() =>
        Single(Validate(new TcpSettingsConfig { MaxConnectionDuration = D("10ns") }), Error, $"{TP}.connectionPool.tcp.maxConnectionDuration", "duration must be greater than 1ms");

    [Fact]
    public void TcpPool_IdleTimeoutZero_IsAllowed() => Assert.Empty(Validate(new TcpSettingsConfig { IdleTimeout = D("0s") }));

    [Fact]
    public void TcpPool_IdleTimeoutSubMillisecond_IsError() =>
        Single(Validate(new TcpSettingsConfig { IdleTimeout = D("0.5ms") }), Error, $"{TP}.connectionPool.tcp.idleTimeout", "duration must be greater than 1ms");

    [Fact]
    public void TcpKeepalive_Durations_AreChecked()
    {
        var diagnostics = Validate(new TcpSettingsConfig { TcpKeepalive = new TcpKeepaliveConfig { Time = D("0s"), Interval = D("2.5ms") } });

        Assert.Equal(2, diagnostics.Count);
        Contains(diagnostics, Error, $"{TP}.connectionPool.tcp.tcpKeepalive.time", "duration must be greater than 1ms");
        Contains(diagnostics, Error, $"{TP}.connectionPool.tcp.tcpKeepalive.interval", "only durations to ms precision are supported");
    }

    // --- Outlier detection ---

    [Fact]
    public void Outlier_IntervalTooShort_IsError() =>
        Single(Validate(new OutlierDetectionConfig { Interval = D("0s") }), Error, $"{TP}.outlierDetection.interval", "duration must be greater than 1ms");

    [Fact]
    public void Outlier_BaseEjectionTimePrecision_IsError() =>
        Single(Validate(new OutlierDetectionConfig { BaseEjectionTime = D("3s42ns") }), Error, $"{TP}.outlierDetection.baseEjectionTime", "only durations to ms precision are supported");

    [Fact]
    public void Outlier_MaxEjectionPercentAbove100_IsError() =>
        Single(Validate(new OutlierDetectionConfig { MaxEjectionPercent = 101 }), Error, $"{TP}.outlierDetection.maxEjectionPercent", "percentage 101 is not in range 0..100");

    [Fact]
    public void Outlier_MinHealthPercentNegative_IsError() =>
        Single(Validate(new OutlierDetectionConfig { MinHealthPercent = -1 }), Error, $"{TP}.outlierDetection.minHealthPercent", "percentage -1 is not in range 0..100");

    [Fact]
    public void Outlier_ConsecutiveErrors_IsDeprecationWarning() =>
        Single(
            Validate(new OutlierDetectionConfig { ConsecutiveErrors = 5 }),
            Warning, $"{TP}.outlierDetection.consecutiveErrors", "outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead");

    [Fact]
    public void Outlier_LocalOriginWithoutSplit_IsError() =>
        Single(
            Validate(new OutlierDetectionConfig { ConsecutiveLocalOriginFailures = 3 }),
            Error, $"{TP}.outlierDetection.consecutiveLocalOriginFailures",
            "outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false");

    [Fact]
    public void Outlier_LocalOriginWithSplit_IsValid() =>
        Assert.Empty(Validate(new OutlierDetectionConfig { ConsecutiveLocalOriginFailures = 3, SplitExternalLocalOriginErrors = true }));

    [Fact]
    public void Outlier_HttpErrorCodesOutOfRange_AreErrors()
    {
        var diagnostics = Validate(new OutlierDetectionConfig { OutlierDetectionHttpErrorCodes = List(99u, 100u, 503u, 599u, 600u) });

        Assert.Equal(2, diagnostics.Count);
        Contains(diagnostics, Error, $"{TP}.outlierDetection.outlierDetectionHttpErrorCodes", "HTTP error code 99 must be in the range 100..599");
        Contains(diagnostics, Error, $"{TP}.outlierDetection.outlierDetectionHttpErrorCodes", "HTTP error code 600 must be in the range 100..599");
    }

    // --- Load balancer ---

    [Fact]
    public void Cookie_MissingName_IsError() =>
        Single(
            Validate(new ConsistentHashLbConfig { HttpCookie = new HttpCookieConfig { Ttl = D("10s") } }),
            Error, $"{TP}.loadBalancer.consistentHash.httpCookie.name", "name required for HttpCookie");

    [Fact]
    public void Cookie_TtlSubMillisecond_IsError() =>
        Single(
            Validate(new ConsistentHashLbConfig { HttpCookie = new HttpCookieConfig { Name = "u", Ttl = D("100us") } }),
            Error, $"{TP}.loadBalancer.consistentHash.httpCookie.ttl", "duration must be greater than 1ms");

    [Fact]
    public void Cookie_EmptyAttributeName_IsError() =>
        Single(
            Validate(new ConsistentHashLbConfig { HttpCookie = new HttpCookieConfig { Name = "u", Attributes = List(new HttpCookieAttributeConfig { Value = "x" }) } }),
            Error, $"{TP}.loadBalancer.consistentHash.httpCookie.attributes[0].name", "cookie attribute name cannot be empty");

    [Fact]
    public void Cookie_DuplicateAttributeName_IsError() =>
        Single(
            Validate(new ConsistentHashLbConfig
            {
                HttpCookie = new HttpCookieConfig
                {
                    Name = "u",
                    Attributes = List(new HttpCookieAttributeConfig { Name = "SameSite", Value = "Lax" }, new HttpCookieAttributeConfig { Name = "SameSite", Value = "Strict" }),
                },
            }),
            Error, $"{TP}.loadBalancer.consistentHash.httpCookie.attributes[1].name", "duplicate cookie attribute name: SameSite");

    [Fact]
    public void MinimumRingSize_IsDeprecationWarning() =>
        Single(
            Validate(new ConsistentHashLbConfig { HttpHeaderName = "x-user", MinimumRingSize = 1024 }),
            Warning, $"{TP}.loadBalancer.consistentHash.minimumRingSize",
            "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead");

    [Fact]
    public void MinimumRingSize_WithRingHash_IsError()
    {
        var diagnostics = Validate(new ConsistentHashLbConfig { MinimumRingSize = 1024, RingHash = new RingHashConfig { MinimumRingSize = 2048 } });

        Assert.Equal(2, diagnostics.Count);
        Contains(diagnostics, Error, $"{TP}.loadBalancer.consistentHash.minimumRingSize", "only one of MinimumRingSize or Maglev/Ringhash can be specified");
    }

    [Fact]
    public void Maglev_TableSizeUnset_IsError() =>
        Single(Validate(new ConsistentHashLbConfig { Maglev = new MaglevConfig() }), Error, $"{TP}.loadBalancer.consistentHash.maglev.tableSize", "tableSize must be set for maglev");

    [Fact]
    public void Maglev_TableSizeTooLarge_IsError() =>
        Single(
            Validate(new ConsistentHashLbConfig { Maglev = new MaglevConfig { TableSize = 5000011 } }),
            Error, $"{TP}.loadBalancer.consistentHash.maglev.tableSize", "tableSize must be less than 5000011 for maglev");

    [Fact]
    public void Maglev_TableSizeNotPrime_IsError() =>
        Single(
            Validate(new ConsistentHashLbConfig { Maglev = new MaglevConfig { TableSize = 65536 } }),
            Error, $"{TP}.loadBalancer.consistentHash.maglev.tableSize", "tableSize must be a prime number for maglev");

    [Fact]
    public void LocalityAndZoneAware_IsError() =>
        Single(
            Validate(new LoadBalancerSettingsConfig
            {
                LocalityLbSetting = new LocalityLoadBalancerSettingConfig { Enabled = true },
                ZoneAwareLbSetting = new ZoneAwareLoadBalancerSettingConfig { Enabled = true },
            }),
            Error, $"{TP}.loadBalancer.zoneAwareLbSetting", "only one of localityLbSetting and zoneAwareLbSetting can be set");

    [Fact]
    public void Warmup_MissingDuration_IsError() =>
        Single(Validate(new LoadBalancerSettingsConfig { Warmup = new WarmupConfig() }), Error, $"{TP}.loadBalancer.warmup.duration", "duration is required");

    [Fact]
    public void Warmup_MinimumPercentAbove100_IsError() =>
        Single(
            Validate(new LoadBalancerSettingsConfig { Warmup = new WarmupConfig { Duration = D("10s"), MinimumPercent = 101 } }),
            Error, $"{TP}.loadBalancer.warmup.minimumPercent", "minimumPercent value should be less than or equal to 100");

    [Fact]
    public void Warmup_AggressionZero_IsError() =>
        Single(
            Validate(new LoadBalancerSettingsConfig { Warmup = new WarmupConfig { Duration = D("10s"), Aggression = 0 } }),
            Error, $"{TP}.loadBalancer.warmup.aggression", "aggression should be greater than 0");

    [Fact]
    public void Warmup_DurationPrecision_IsError() =>
        Single(
            Validate(new LoadBalancerSettingsConfig { Warmup = new WarmupConfig { Duration = D("1.0005s") } }),
            Error, $"{TP}.loadBalancer.warmup.duration", "only durations to ms precision are supported");

    [Fact]
    public void WarmupDurationSecs_IsADuration() =>
        Single(
            Validate(new LoadBalancerSettingsConfig { WarmupDurationSecs = D("0s") }),
            Error, $"{TP}.loadBalancer.warmupDurationSecs", "duration must be greater than 1ms");

    [Fact]
    public void WarmupAndWarmupDurationSecs_IsError() =>
        Single(
            Validate(new LoadBalancerSettingsConfig { WarmupDurationSecs = D("10s"), Warmup = new WarmupConfig { Duration = D("10s") } }),
            Error, $"{TP}.loadBalancer.warmup", "only one of warmupDurationSecs and warmup can be set");

    // --- Locality load balancing ---

    private const string Locality = $"{TP}.loadBalancer.localityLbSetting";

    [Fact]
    public void Locality_DistributeAndFailover_IsError() =>
        Single(
            Validate(new LocalityLoadBalancerSettingConfig
            {
                Distribute = List(Distribute("a/*", ("a/*", 100u))),
                Failover = List(new LocalityFailoverConfig { From = "a", To = "b" }),
            }),
            Error, $"{Locality}.failover", "can not simultaneously specify 'distribute' and 'failover'");

    [Fact]
    public void Locality_FailoverWithTopologyPriority_IsError() =>
        Single(
            Validate(new LocalityLoadBalancerSettingConfig
            {
                Failover = List(new LocalityFailoverConfig { From = "a", To = "b" }),
                FailoverPriority = List("topology.istio.io/network", "topology.kubernetes.io/region"),
            }),
            Error, $"{Locality}.failoverPriority", "can not simultaneously set 'failover' and topology label 'topology.kubernetes.io/region' in 'failover_priority'");

    [Fact]
    public void Locality_WeightZero_IsError() =>
        Single(
            Validate(new LocalityLoadBalancerSettingConfig { Distribute = List(Distribute("a/*", ("a/*", 0u), ("b/*", 100u))) }),
            Error, $"{Locality}.distribute[0].to", "locality weight must be in range [1, 100]");

    [Fact]
    public void Locality_WeightAbove100_IsError() =>
        Single(
            Validate(new LocalityLoadBalancerSettingConfig { Distribute = List(Distribute("a/*", ("a/*", 101u))) }),
            Error, $"{Locality}.distribute[0].to", "locality weight must be in range [1, 100]");

    [Fact]
    public void Locality_WeightsNotSummingTo100_IsError() =>
        Single(
            Validate(new LocalityLoadBalancerSettingConfig { Distribute = List(Distribute("local/zone-a/*", ("local/zone-a/*", 70u), ("local/zone-b/*", 20u))) }),
            Error, $"{Locality}.distribute[0].to", "total locality weight 90 != 100");

    [Fact]
    public void Locality_WildcardNotAtEnd_IsError() =>
        Single(
            Validate(new LocalityLoadBalancerSettingConfig { Distribute = List(Distribute("a/*", ("a/*/z1", 100u))) }),
            Error, $"{Locality}.distribute[0].to", "locality a/*/z1 wildcard '*' number can not exceed 1 and must be in the end");

    [Fact]
    public void Locality_OverlappingTargets_IsError() =>
        Single(
            Validate(new LocalityLoadBalancerSettingConfig { Distribute = List(Distribute("a/*", ("a/*", 50u), ("a/z1", 50u))) }),
            Error, $"{Locality}.distribute[0].to", "locality a/z1 overlap with previous specified ones");

    [Fact]
    public void Locality_OverlappingSources_IsError() =>
        Single(
            Validate(new LocalityLoadBalancerSettingConfig { Distribute = List(Distribute("a/z1", ("a/*", 100u)), Distribute("a/z1", ("b/*", 100u))) }),
            Error, $"{Locality}.distribute", "locality a/z1 overlap with previous specified ones");

    [Fact]
    public void Locality_EmptyPart_IsError() =>
        Single(
            Validate(new LocalityLoadBalancerSettingConfig { Distribute = List(Distribute("a/*", ("a//z", 100u))) }),
            Error, $"{Locality}.distribute[0].to", "locality a//z must not contain empty region/zone/subzone info");

    [Fact]
    public void Locality_FailoverSameRegion_IsError() =>
        Single(
            Validate(new LocalityLoadBalancerSettingConfig { Failover = List(new LocalityFailoverConfig { From = "us-east", To = "us-east" }) }),
            Error, $"{Locality}.failover[0].to", "locality lb failover settings must specify different regions");

    [Fact]
    public void Locality_FailoverZone_IsError() =>
        Single(
            Validate(new LocalityLoadBalancerSettingConfig { Failover = List(new LocalityFailoverConfig { From = "us-east/z1", To = "us-west" }) }),
            Error, $"{Locality}.failover[0]", "locality lb failover only specify region");

    [Fact]
    public void Locality_FailoverWildcard_IsError() =>
        Single(
            Validate(new LocalityLoadBalancerSettingConfig { Failover = List(new LocalityFailoverConfig { From = "us-east", To = "*" }) }),
            Error, $"{Locality}.failover[0]", "locality lb failover region should not contain '*' wildcard");

    [Fact]
    public void Locality_FailoverWithoutOutlierDetection_IsWarning() =>
        Single(
            Validate(new LoadBalancerSettingsConfig
            {
                LocalityLbSetting = new LocalityLoadBalancerSettingConfig { Failover = List(new LocalityFailoverConfig { From = "us-east", To = "us-west" }) },
            }),
            Warning, $"{Locality}.failover", "outlier detection policy must be provided for failover");

    [Fact]
    public void Locality_FailoverPriorityWithoutOutlierDetection_IsWarning() =>
        Single(
            Validate(new LoadBalancerSettingsConfig { LocalityLbSetting = new LocalityLoadBalancerSettingConfig { FailoverPriority = List("topology.istio.io/network") } }),
            Warning, $"{Locality}.failoverPriority", "outlier detection policy must be provided for failover");

    // --- TLS ---

    [Fact]
    public void Tls_MutualWithoutCertificate_IsError() =>
        Single(
            Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Mutual, PrivateKey = "/etc/key.pem" }),
            Error, $"{TP}.tls.clientCertificate", "client certificate required for mutual tls");

    [Fact]
    public void Tls_MutualWithoutKey_IsError() =>
        Single(
            Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Mutual, ClientCertificate = "/etc/cert.pem" }),
            Error, $"{TP}.tls.privateKey", "private key required for mutual tls");

    [Fact]
    public void Tls_MutualWithCredentialName_IsValid() =>
        Assert.Empty(Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Mutual, CredentialName = "client-credential" }));

    [Fact]
    public void Tls_CredentialNameWithFiles_IsError() =>
        Single(
            Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple, CredentialName = "cred", CaCertificates = "/etc/ca.pem" }),
            Error, $"{TP}.tls.credentialName", "cannot specify client certificates or CA certificate or CA CRL If credentialName is set");

    [Fact]
    public void Tls_InsecureSkipVerifySimpleWithCa_IsError() =>
        Single(
            Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple, InsecureSkipVerify = true, CaCertificates = "/etc/ca.pem" }),
            Error, $"{TP}.tls.insecureSkipVerify", "cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true");

    [Fact]
    public void Tls_InsecureSkipVerifyMutualWithSans_IsError() =>
        Single(
            Validate(new ClientTlsSettingsConfig
            {
                Mode = ClientTlsMode.Mutual,
                InsecureSkipVerify = true,
                CredentialName = "cred",
                SubjectAltNames = List("spiffe://cluster.local/ns/default/sa/reviews"),
            }),
            Error, $"{TP}.tls.insecureSkipVerify", "cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true");

    [Fact]
    public void Tls_ConfigMapCredentialInOtherNamespace_IsError() =>
        Single(
            Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple, CredentialName = "configmap://other/ca" }),
            Error, $"{TP}.tls.credentialName", "invalid configmap:// credentialName: namespace must match the configuration namespace \"default\"");

    [Fact]
    public void Tls_ConfigMapCredentialMalformed_IsError() =>
        Single(
            Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple, CredentialName = "configmap://a/b/c" }),
            Error, $"{TP}.tls.credentialName",
            "invalid configmap:// credentialName: invalid resource name \"configmap://a/b/c\". Expected configmap://<namespace>/<name>");

    [Fact]
    public void Tls_ConfigMapCredentialInOwnNamespace_IsValid() =>
        Assert.Empty(Validate(new ClientTlsSettingsConfig { Mode = ClientTlsMode.Simple, CredentialName = "configmap://default/ca" }));

    // --- Tunnel, proxy protocol ---

    [Fact]
    public void Tunnel_BadProtocol_IsError() =>
        Single(
            Validate(new TunnelSettingsConfig { Protocol = "GET", TargetHost = "proxy.example.com", TargetPort = 8080 }),
            Error, $"{TP}.tunnel.protocol", "tunnel protocol must be \"CONNECT\" or \"POST\"");

    [Fact]
    public void Tunnel_BadTargetHost_IsError() =>
        Single(
            Validate(new TunnelSettingsConfig { TargetHost = "bad_host", TargetPort = 8080 }),
            Error, $"{TP}.tunnel.targetHost",
            "tunnel target host must be valid FQDN or IP address: domain name \"bad_host\" invalid (label \"bad_host\" invalid); bad_host is not a valid IP");

    [Fact]
    public void Tunnel_IpTargetHost_IsValid() => Assert.Empty(Validate(new TunnelSettingsConfig { TargetHost = "10.0.0.1", TargetPort = 3128 }));

    [Fact]
    public void Tunnel_MissingTargetPort_IsError() =>
        Single(
            Validate(new TunnelSettingsConfig { TargetHost = "proxy.example.com" }),
            Error, $"{TP}.tunnel.targetPort", "tunnel target port is invalid: port number 0 must be in the range 1..65535");

    [Fact]
    public void ProxyProtocol_UnknownVersion_IsError() =>
        Single(
            Validate(new TrafficPolicyConfig { ProxyProtocol = new ProxyProtocolConfig { Version = (ProxyProtocolVersion)5 } }),
            Error, $"{TP}.proxyProtocol.version", "proxy protocol version is invalid: 5");

    // --- exportTo, workload selector ---

    [Fact]
    public void ExportTo_Duplicate_IsError() =>
        Single(Validate(new DestinationRuleConfig { Host = "reviews", ExportTo = List("prod", "prod") }), Error, "spec.exportTo", "duplicate entries in exportTo for entry prod");

    [Fact]
    public void ExportTo_PublicAndPrivate_IsError() =>
        Single(
            Validate(new DestinationRuleConfig { Host = "reviews", ExportTo = List("*", ".") }),
            Error, "spec.exportTo", "cannot have both public (*) and non-public exportTo values for a resource");

    [Fact]
    public void ExportTo_WithSelectorBeyondNamespace_IsError() =>
        Single(
            Validate(new DestinationRuleConfig
            {
                Host = "reviews",
                ExportTo = List("*"),
                WorkloadSelector = new DestinationRuleWorkloadSelectorConfig { MatchLabels = Map(("app", "ratings")) },
            }),
            Error, "spec.exportTo", "destination rule with workload selector cannot have exportTo beyond current namespace");

    [Fact]
    public void ExportTo_WithSelectorMultipleEntries_IsError() =>
        Single(
            Validate(new DestinationRuleConfig
            {
                Host = "reviews",
                ExportTo = List(".", "prod"),
                WorkloadSelector = new DestinationRuleWorkloadSelectorConfig { MatchLabels = Map(("app", "ratings")) },
            }),
            Error, "spec.exportTo", "destination rule with workload selector cannot have multiple entries in exportTo");

    [Fact]
    public void ExportTo_WithSelectorOwnNamespace_IsValid() =>
        Assert.Empty(Validate(new DestinationRuleConfig
        {
            Host = "reviews",
            ExportTo = List("."),
            WorkloadSelector = new DestinationRuleWorkloadSelectorConfig { MatchLabels = Map(("app", "ratings")) },
        }));

    [Theory]
    [InlineData("", "v", "key must not be empty")]
    [InlineData("app*", "v", "wildcard not allowed in label key match")]
    [InlineData("app", "rat*", "wildcard not allowed in label value match")]
    public void WorkloadSelector_BadLabel_IsError(string key, string value, string message) =>
        Single(
            Validate(new DestinationRuleConfig { Host = "reviews", WorkloadSelector = new DestinationRuleWorkloadSelectorConfig { MatchLabels = Map((key, value)) } }),
            Error, "spec.workloadSelector.matchLabels", message);

    [Fact]
    public void WorkloadSelector_NoLabels_IsWarning() =>
        Single(
            Validate(new DestinationRuleConfig { Host = "reviews", WorkloadSelector = new DestinationRuleWorkloadSelectorConfig() }),
            Warning, "spec.workloadSelector.matchLabels", "workload selector specified without labels");

    // --- Locations and aggregation ---

    [Fact]
    public void Diagnostic_PointsAtTheFieldWhenKnown()
    {
        var fieldLocation = new SourceLocation("reviews-dr.yaml", 12, 9);
        var outlier = new OutlierDetectionConfig
        {
            MaxEjectionPercent = 150,
            Source = new SourceLocation("reviews-dr.yaml", 10, 7),
            FieldSources = new Dictionary<string, SourceLocation> { ["maxEjectionPercent"] = fieldLocation },
        };

        var diagnostic = Single(Validate(outlier), Error, $"{TP}.outlierDetection.maxEjectionPercent", "percentage 150 is not in range 0..100");

        Assert.Equal(fieldLocation, diagnostic.Location);
        Assert.Equal("DestinationRule/default/reviews", diagnostic.Resource);
    }

    [Fact]
    public void Diagnostic_FallsBackToTheElementLocation()
    {
        var subsetLocation = new SourceLocation("reviews-dr.yaml", 20, 5);
        var nameLocation = new SourceLocation("reviews-dr.yaml", 21, 11);
        var spec = new DestinationRuleConfig
        {
            Host = "reviews",
            Subsets = List(
                new SubsetConfig { Name = "v1" },
                new SubsetConfig { Name = "v1", Labels = Map(("version", "bad value")), Source = subsetLocation, FieldSources = new Dictionary<string, SourceLocation> { ["name"] = nameLocation } }),
        };

        var diagnostics = Validate(spec);

        Assert.Equal(2, diagnostics.Count);
        Assert.Equal(nameLocation, diagnostics.Single(d => d.FieldPath == "spec.subsets[1].name").Location);
        Assert.Equal(subsetLocation, diagnostics.Single(d => d.FieldPath == "spec.subsets[1].labels").Location);
    }

    [Fact]
    public void AllProblemsAreReported()
    {
        var diagnostics = Validate(new DestinationRuleConfig
        {
            Host = "",
            Subsets = List(new SubsetConfig { Name = "V_1" }),
            TrafficPolicy = new TrafficPolicyConfig
            {
                OutlierDetection = new OutlierDetectionConfig { MaxEjectionPercent = -5, ConsecutiveErrors = 3 },
                ConnectionPool = new ConnectionPoolSettingsConfig { Tcp = new TcpSettingsConfig { MaxConnections = -1 } },
            },
        });

        Assert.Equal(4, diagnostics.Count(d => d.Severity == Error));
        Assert.Single(diagnostics, d => d.Severity == Warning);
    }
}
