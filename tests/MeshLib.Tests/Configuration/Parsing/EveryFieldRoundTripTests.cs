using System.Collections;
using System.Globalization;
using System.Reflection;
using MeshLib.Configuration;
using MeshLib.Configuration.DestinationRule;
using MeshLib.Configuration.Gateway;
using MeshLib.Configuration.Parsing;
using MeshLib.Configuration.Resources;
using MeshLib.Configuration.ServiceEntry;
using MeshLib.Configuration.VirtualService;
using MeshLib.Configuration.WorkloadEntry;
using Microsoft.Extensions.Configuration;

namespace MeshLib.Tests.Configuration.Parsing;

/// <summary>
/// Every field of every resource kind, set to a distinct non-default value, survives YAML and appsettings:
/// record → YAML → record and record → configuration keys → record give equal records.
/// </summary>
public sealed class EveryFieldRoundTripTests
{
    public static TheoryData<string> Kinds => new() { "VirtualService", "DestinationRule", "ServiceEntry", "WorkloadEntry", "Gateway" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Yaml_RoundTrip_KeepsEveryField(string kind)
    {
        var resource = Populated(kind);

        var yaml = ConfigWriter.ToYaml([resource]);
        var loaded = MeshConfigLoader.LoadYaml(yaml, "every-field.yaml");

        Assert.False(loaded.HasErrors, string.Join(Environment.NewLine, loaded.Diagnostics) + Environment.NewLine + yaml);
        Assert.Equal(resource, Assert.Single(loaded.Resources));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Appsettings_RoundTrip_KeepsEveryField(string kind)
    {
        var resource = Populated(kind);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(ConfigWriter.ToConfiguration([resource], "Mesh:Resources"))
            .Build();

        var loaded = MeshConfigLoader.LoadConfiguration(configuration.GetSection("Mesh"));

        Assert.False(loaded.HasErrors, string.Join(Environment.NewLine, loaded.Diagnostics));
        Assert.Equal(resource, Assert.Single(loaded.Resources));
    }

    [Fact]
    public void Populated_SetsEveryProperty()
    {
        // Guards the generator itself: no property of any spec record is left null.
        foreach (var kind in Kinds)
        {
            AssertNoNullProperty(Populated(kind).Spec, "spec");
        }
    }

    private static void AssertNoNullProperty(object element, string path)
    {
        foreach (var property in BindableProperties(element.GetType()))
        {
            var value = property.GetValue(element);
            Assert.True(value is not null, $"{path}.{property.Name} was not populated");
            if (value is ConfigElement nested)
            {
                AssertNoNullProperty(nested, $"{path}.{property.Name}");
            }
        }
    }

    private static MeshResource Populated(string kind)
    {
        var (resourceKind, specType) = kind switch
        {
            "VirtualService" => (ResourceKind.VirtualService, typeof(VirtualServiceConfig)),
            "DestinationRule" => (ResourceKind.DestinationRule, typeof(DestinationRuleConfig)),
            "ServiceEntry" => (ResourceKind.ServiceEntry, typeof(ServiceEntryConfig)),
            "WorkloadEntry" => (ResourceKind.WorkloadEntry, typeof(WorkloadEntryConfig)),
            _ => (ResourceKind.Gateway, typeof(GatewayConfig)),
        };
        return new MeshResource
        {
            ApiVersion = "networking.istio.io/v1",
            Kind = resourceKind,
            Metadata = new ObjectMetaConfig { Name = "every-field", Namespace = "prod", Labels = new([new("app", "x")]) },
            Spec = (ConfigElement)Create(specType, depth: 0, seed: 1),
        };
    }

    private static IEnumerable<PropertyInfo> BindableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.DeclaringType != typeof(ConfigElement) && p.SetMethod is not null);

    private static object Create(Type type, int depth, int seed)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
        {
            return $"v{seed}";
        }

        if (target == typeof(bool))
        {
            return true;
        }

        if (target == typeof(int) || target == typeof(uint) || target == typeof(long) || target == typeof(ulong))
        {
            return Convert.ChangeType(seed + 6, target, CultureInfo.InvariantCulture);
        }

        if (target == typeof(double))
        {
            return seed + 0.5;
        }

        if (target == typeof(Duration))
        {
            return Duration.FromMilliseconds(1500 + seed);
        }

        if (target.IsEnum)
        {
            var values = Enum.GetValues(target);
            return values.GetValue(values.Length - 1)!;
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(EquatableList<>))
        {
            var element = target.GetGenericArguments()[0];
            var items = Array.CreateInstance(element, 2);
            items.SetValue(Create(element, depth + 1, seed + 1), 0);
            items.SetValue(Create(element, depth + 1, seed + 2), 1);
            return Activator.CreateInstance(target, items)!;
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(EquatableDictionary<>))
        {
            var value = target.GetGenericArguments()[0];
            var pairType = typeof(KeyValuePair<,>).MakeGenericType(typeof(string), value);
            var pairs = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(pairType))!;
            pairs.Add(Activator.CreateInstance(pairType, $"k{seed}a", Create(value, depth + 1, seed + 1)));
            pairs.Add(Activator.CreateInstance(pairType, $"k{seed}b", Create(value, depth + 1, seed + 2)));
            return Activator.CreateInstance(target, pairs)!;
        }

        if (typeof(ConfigElement).IsAssignableFrom(target))
        {
            var instance = Activator.CreateInstance(target)!;
            foreach (var property in BindableProperties(target))
            {
                property.SetValue(instance, Create(property.PropertyType, depth + 1, seed + property.Name.Length));
            }

            return instance;
        }

        throw new InvalidOperationException($"no generator for {target}");
    }
}
