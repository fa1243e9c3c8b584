using System.Reflection;
using System.Runtime.Serialization;
using MeshLib.Configuration;
using MeshLib.Configuration.Common;
using MeshLib.Configuration.Gateway;
using MeshLib.Configuration.VirtualService;

namespace MeshLib.Tests.Configuration.VirtualService;

public class VirtualServiceConfigTests
{
    private static EquatableList<T> List<T>(params T[] items) => new(items);

    private static EquatableDictionary<T> Map<T>(params (string Key, T Value)[] entries) =>
        new(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)));

    private static VirtualServiceConfig Build(string headerValue = "jason", double mirrorShare = 50) => new()
    {
        Hosts = List("reviews.prod.svc.cluster.local"),
        Gateways = List("mesh"),
        ExportTo = List("."),
        Http = List(new HttpRouteConfig
        {
            Name = "v2",
            Match = List(new HttpMatchRequestConfig
            {
                Uri = new StringMatchConfig { Prefix = "/api" },
                Headers = Map(("end-user", new StringMatchConfig { Exact = headerValue })),
                SourceLabels = Map(("app", "productpage")),
                IgnoreUriCase = true,
            }),
            Route = List(
                new HttpRouteDestinationConfig
                {
                    Destination = new DestinationConfig { Host = "reviews", Subset = "v2", Port = new PortSelectorConfig { Number = 9080 } },
                    Weight = 25,
                    Headers = new HeadersConfig { Request = new HeaderOperationsConfig { Set = Map(("x-v", "2")), Remove = List("x-old") } },
                },
                new HttpRouteDestinationConfig { Destination = new DestinationConfig { Host = "reviews", Subset = "v1" }, Weight = 75 }),
            Timeout = Duration.Parse("5s"),
            Retries = new HttpRetryConfig { Attempts = 3, PerTryTimeout = Duration.Parse("2s"), RetryOn = "5xx", RetryIgnorePreviousHosts = false },
            Fault = new HttpFaultInjectionConfig
            {
                Delay = new DelayConfig { FixedDelay = Duration.Parse("1s"), Percentage = new PercentConfig { Value = 10 } },
                Abort = new AbortConfig { HttpStatus = 503, Percentage = new PercentConfig { Value = 1 } },
            },
            Mirrors = List(new HttpMirrorPolicyConfig { Destination = new DestinationConfig { Host = "shadow" }, Percentage = new PercentConfig { Value = mirrorShare } }),
            CorsPolicy = new CorsPolicyConfig
            {
                AllowOrigins = List(new StringMatchConfig { Exact = "https://example.com" }),
                AllowMethods = List("GET", "POST"),
                MaxAge = Duration.Parse("24h"),
                AllowCredentials = true,
                UnmatchedPreflights = UnmatchedPreflights.Ignore,
            },
        }),
        Tcp = List(new TcpRouteConfig
        {
            Match = List(new L4MatchAttributesConfig { Port = 27017, DestinationSubnets = List("10.0.0.0/8") }),
            Route = List(new RouteDestinationConfig { Destination = new DestinationConfig { Host = "mongo" } }),
        }),
    };

    [Fact]
    public void Equals_SeparatelyBuiltEqualGraphs_AreEqualWithEqualHashCodes()
    {
        var a = Build();
        var b = Build();

        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentNestedDictionaryValue_AreNotEqual()
    {
        Assert.NotEqual(Build(), Build(headerValue: "mary"));
    }

    [Fact]
    public void Equals_DifferentDeeplyNestedPercent_AreNotEqual()
    {
        Assert.NotEqual(Build(), Build(mirrorShare: 49.5));
    }

    [Fact]
    public void Equals_WithExpression_ChangesOnlyThatField()
    {
        var a = Build();
        var b = a with { ExportTo = List("*") };

        Assert.NotEqual(a, b);
        Assert.Equal(a, b with { ExportTo = List(".") });
    }

    [Fact]
    public void Equals_IgnoresSourceAndFieldSources()
    {
        var plain = Build();
        var located = Build() with
        {
            Source = new SourceLocation("vs.yaml", 3, 1),
            FieldSources = new Dictionary<string, SourceLocation> { ["hosts"] = new("vs.yaml", 5, 3) },
        };
        var nestedLocated = plain with
        {
            Http = List(plain.Http![0] with { Source = new SourceLocation("other.yaml", 10, 5) }),
        };

        Assert.Equal(plain, located);
        Assert.Equal(plain.GetHashCode(), located.GetHashCode());
        Assert.Equal(plain, nestedLocated);
        Assert.Equal(plain.GetHashCode(), nestedLocated.GetHashCode());
    }

    [Fact]
    public void Equals_GatewayGraphs_CompareByValue()
    {
        static GatewayConfig Gateway(ServerTlsMode mode) => new()
        {
            Selector = Map(("istio", "ingressgateway")),
            Servers = List(new ServerConfig
            {
                Port = new GatewayPortConfig { Number = 443, Protocol = "HTTPS", Name = "https" },
                Hosts = List("*/example.com"),
                Tls = new ServerTlsSettingsConfig
                {
                    Mode = mode,
                    CredentialName = "cert",
                    MinProtocolVersion = TlsProtocol.TlsV12,
                    TlsCertificates = List(new ServerTlsCertificateConfig { ServerCertificate = "/c.pem", PrivateKey = "/k.pem" }),
                },
            }),
        };

        Assert.Equal(Gateway(ServerTlsMode.Simple), Gateway(ServerTlsMode.Simple));
        Assert.Equal(Gateway(ServerTlsMode.Simple).GetHashCode(), Gateway(ServerTlsMode.Simple).GetHashCode());
        Assert.NotEqual(Gateway(ServerTlsMode.Simple), Gateway(ServerTlsMode.Mutual));
    }

    private static IEnumerable<Type> ConfigTypes() =>
        typeof(VirtualServiceConfig).Assembly.GetTypes().Where(t =>
            t.IsPublic && t.Namespace is "MeshLib.Configuration.VirtualService" or "MeshLib.Configuration.Gateway");

    [Fact]
    public void Enums_EveryMemberCarriesEnumMemberAttribute()
    {
        var enums = ConfigTypes().Where(t => t.IsEnum).ToList();
        Assert.Equal(4, enums.Count);

        foreach (var type in enums)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var attribute = field.GetCustomAttribute<EnumMemberAttribute>();
                Assert.True(attribute?.Value is { Length: > 0 }, $"{type.Name}.{field.Name} has no EnumMember value");
            }
        }
    }

    [Fact]
    public void Enums_ValuesMatchIstioNumbers()
    {
        Assert.Equal(0, (int)RedirectPortSelection.FromProtocolDefault);
        Assert.Equal(1, (int)RedirectPortSelection.FromRequestPort);
        Assert.Equal(2, (int)UnmatchedPreflights.Ignore);
        Assert.Equal(5, (int)ServerTlsMode.OptionalMutual);
        Assert.Equal(4, (int)TlsProtocol.TlsV13);
    }

    [Fact]
    public void Records_AreSealedConfigElementsWithOnlyOptionalInitProperties()
    {
        var nullability = new NullabilityInfoContext();
        var records = ConfigTypes().Where(t => t.IsClass).ToList();
        Assert.Equal(31, records.Count);

        foreach (var type in records)
        {
            Assert.True(type.IsSealed && type.IsSubclassOf(typeof(ConfigElement)), type.Name);
            Assert.EndsWith("Config", type.Name, StringComparison.Ordinal);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                var name = $"{type.Name}.{property.Name}";
                var propertyType = property.PropertyType;
                Assert.False(propertyType.IsArray, name);
                Assert.False(propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() is var d
                    && (d == typeof(List<>) || d == typeof(Dictionary<,>)), name);
                var nullable = propertyType.IsValueType
                    ? Nullable.GetUnderlyingType(propertyType) is not null
                    : nullability.Create(property).ReadState == NullabilityState.Nullable;
                Assert.True(nullable, $"{name} must be nullable");
            }
        }
    }
}
