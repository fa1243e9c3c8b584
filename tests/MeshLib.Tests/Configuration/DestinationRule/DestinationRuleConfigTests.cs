using System.Reflection;
using System.Runtime.Serialization;
using MeshLib.Configuration;
using MeshLib.Configuration.Common;
using MeshLib.Configuration.DestinationRule;
using MeshLib.Configuration.ServiceEntry;
using MeshLib.Configuration.WorkloadEntry;

namespace MeshLib.Tests.Configuration.DestinationRule;

public class DestinationRuleConfigTests
{
    private static EquatableList<T> List<T>(params T[] items) => new(items);

    private static EquatableDictionary<T> Map<T>(params (string Key, T Value)[] entries) =>
        new(entries.Select(e => new KeyValuePair<string, T>(e.Key, e.Value)));

    // Builds a fresh graph each call, so two calls share no instances.
    private static DestinationRuleConfig BuildRule(uint consecutive5xx = 7, string subsetVersion = "v2") => new()
    {
        Host = "reviews.prod.svc.cluster.local",
        ExportTo = List("."),
        WorkloadSelector = new DestinationRuleWorkloadSelectorConfig { MatchLabels = Map(("app", "ratings")) },
        TrafficPolicy = new TrafficPolicyConfig
        {
            LoadBalancer = new LoadBalancerSettingsConfig
            {
                ConsistentHash = new ConsistentHashLbConfig
                {
                    HttpCookie = new HttpCookieConfig
                    {
                        Name = "user",
                        Ttl = Duration.Parse("0s"),
                        Attributes = List(new HttpCookieAttributeConfig { Name = "SameSite", Value = "Strict" }),
                    },
                    RingHash = new RingHashConfig { MinimumRingSize = 2048 },
                },
                LocalityLbSetting = new LocalityLoadBalancerSettingConfig
                {
                    Distribute = List(new LocalityDistributeConfig
                    {
                        From = "us-west/zone1/*",
                        To = Map(("us-west/zone1/*", 80u), ("us-west/zone2/*", 20u)),
                    }),
                    Enabled = true,
                },
                Warmup = new WarmupConfig { Duration = Duration.Parse("60s"), MinimumPercent = 10, Aggression = 1.0 },
            },
            ConnectionPool = new ConnectionPoolSettingsConfig
            {
                Tcp = new TcpSettingsConfig
                {
                    MaxConnections = 100,
                    ConnectTimeout = Duration.Parse("30ms"),
                    TcpKeepalive = new TcpKeepaliveConfig { Time = Duration.Parse("7200s"), Interval = Duration.Parse("75s") },
                },
                Http = new HttpSettingsConfig
                {
                    Http2MaxRequests = 1000,
                    MaxRequestsPerConnection = 10,
                    H2UpgradePolicy = H2UpgradePolicy.Upgrade,
                    Http2KeepAlive = new ConnectionKeepaliveConfig { Interval = Duration.Parse("30s"), Timeout = Duration.Parse("5s") },
                },
            },
            OutlierDetection = new OutlierDetectionConfig
            {
                Consecutive5xxErrors = consecutive5xx,
                Interval = Duration.Parse("5m"),
                BaseEjectionTime = Duration.Parse("15m"),
                OutlierDetectionHttpErrorCodes = List(500u, 503u),
            },
            Tls = new ClientTlsSettingsConfig { Mode = ClientTlsMode.IstioMutual },
            PortLevelSettings = List(new PortTrafficPolicyConfig
            {
                Port = new PortSelectorConfig { Number = 9080 },
                LoadBalancer = new LoadBalancerSettingsConfig { Simple = SimpleLb.RoundRobin },
            }),
            RetryBudget = new RetryBudgetConfig { Percent = 25, MinRetryConcurrency = 5 },
        },
        Subsets = List(
            new SubsetConfig { Name = "v1", Labels = Map(("version", "v1")) },
            new SubsetConfig
            {
                Name = subsetVersion,
                Labels = Map(("version", subsetVersion), ("track", "stable")),
                TrafficPolicy = new TrafficPolicyConfig
                {
                    LoadBalancer = new LoadBalancerSettingsConfig { Simple = SimpleLb.LeastRequest },
                },
            }),
    };

    [Fact]
    public void Equals_SeparatelyBuiltEqualGraphs_AreEqualWithEqualHashCodes()
    {
        var a = BuildRule();
        var b = BuildRule();

        Assert.NotSame(a, b);
        Assert.NotSame(a.Subsets, b.Subsets);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_MapsWithSameEntriesInDifferentOrder_AreEqual()
    {
        var a = new SubsetConfig { Name = "v1", Labels = Map(("version", "v1"), ("track", "stable")) };
        var b = new SubsetConfig { Name = "v1", Labels = Map(("track", "stable"), ("version", "v1")) };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DeepNestedFieldDiffers_IsNotEqual()
    {
        Assert.NotEqual(BuildRule(), BuildRule(consecutive5xx: 8));
        Assert.NotEqual(BuildRule(), BuildRule(subsetVersion: "v3"));

        var rule = BuildRule();
        var changed = rule with
        {
            TrafficPolicy = rule.TrafficPolicy! with
            {
                ConnectionPool = rule.TrafficPolicy.ConnectionPool! with
                {
                    Http = rule.TrafficPolicy.ConnectionPool.Http! with { H2UpgradePolicy = H2UpgradePolicy.DoNotUpgrade },
                },
            },
        };
        Assert.NotEqual(rule, changed);
    }

    [Fact]
    public void Equals_SourceAndFieldSources_DoNotAffectEquality()
    {
        var plain = BuildRule();
        var located = BuildRule() with
        {
            Source = new SourceLocation("dr.yaml", 3, 1),
            FieldSources = new Dictionary<string, SourceLocation> { ["host"] = new("dr.yaml", 4, 3) },
            TrafficPolicy = plain.TrafficPolicy! with { Source = new SourceLocation("dr.yaml", 5, 3) },
        };

        Assert.Equal(plain, located);
        Assert.Equal(plain.GetHashCode(), located.GetHashCode());
    }

    [Fact]
    public void Enums_InConfigurationNamespaces_HaveEnumMemberOnEveryMember()
    {
        string[] namespaces =
        [
            typeof(DestinationRuleConfig).Namespace!,
            typeof(ServiceEntryConfig).Namespace!,
            typeof(WorkloadEntryConfig).Namespace!,
        ];
        var enums = typeof(DestinationRuleConfig).Assembly.GetTypes()
            .Where(t => t.IsEnum && namespaces.Contains(t.Namespace))
            .ToList();

        Assert.Contains(typeof(SimpleLb), enums);
        Assert.Contains(typeof(ServiceEntryResolution), enums);
        foreach (var type in enums)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var attribute = field.GetCustomAttribute<EnumMemberAttribute>();
                Assert.True(attribute?.Value is { Length: > 0 }, $"{type.Name}.{field.Name} lacks [EnumMember(Value = ...)]");
            }
        }
    }

    [Theory]
    [InlineData(typeof(SimpleLb), "LEAST_REQUEST", 5)]
    [InlineData(typeof(SimpleLb), "ROUND_ROBIN", 4)]
    [InlineData(typeof(H2UpgradePolicy), "DO_NOT_UPGRADE", 1)]
    [InlineData(typeof(ClientTlsMode), "ISTIO_MUTUAL", 3)]
    [InlineData(typeof(ProxyProtocolVersion), "V2", 1)]
    [InlineData(typeof(ServiceEntryLocation), "MESH_INTERNAL", 1)]
    [InlineData(typeof(ServiceEntryResolution), "DYNAMIC_DNS", 4)]
    public void Enums_IstioNames_MapToProtoNumbers(Type enumType, string istioName, int number)
    {
        var field = enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Single(f => f.GetCustomAttribute<EnumMemberAttribute>()?.Value == istioName);

        Assert.Equal(number, Convert.ToInt32(field.GetValue(null), System.Globalization.CultureInfo.InvariantCulture));
    }
}
