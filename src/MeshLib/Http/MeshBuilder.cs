using MeshLib.Management;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib.Http;

/// <summary>The <see cref="IMeshBuilder"/> returned by <c>services.AddMesh()</c>.</summary>
internal sealed class MeshBuilder(IServiceCollection services, MeshSourceRegistry registry) : IMeshBuilder
{
    private int _inlineCount;

    public IServiceCollection Services { get; } = services;

    public IMeshBuilder AddYamlFile(string path, bool reloadOnChange = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        registry.Sources.Add(new YamlFileSource(path, reloadOnChange));
        return this;
    }

    public IMeshBuilder AddYaml(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        registry.Sources.Add(new YamlTextSource(yaml, $"inline-{++_inlineCount}"));
        return this;
    }

    public IMeshBuilder AddConfiguration(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        registry.Sources.Add(new ConfigurationSectionSource(section));

        // The section's Namespace and OutboundTrafficPolicy are mesh options, like the sidecar's flags.
        Services.Configure<MeshOptions>(options =>
        {
            if (section["Namespace"] is { Length: > 0 } ns)
            {
                options.Namespace = ns;
            }

            if (section["OutboundTrafficPolicy"] is { Length: > 0 } policy)
            {
                options.OutboundTrafficPolicy = policy.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
                {
                    "ALLOWANY" => OutboundTrafficPolicy.AllowAny,
                    "REGISTRYONLY" => OutboundTrafficPolicy.RegistryOnly,
                    _ => throw new Configuration.Diagnostics.MeshConfigurationException(
                        $"{(section as IConfigurationSection)?.Path ?? "Mesh"}:OutboundTrafficPolicy: \"{policy}\" is not ALLOW_ANY or REGISTRY_ONLY"),
                };
            }
        });
        return this;
    }

    public IMeshBuilder Configure(Action<MeshOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }
}
