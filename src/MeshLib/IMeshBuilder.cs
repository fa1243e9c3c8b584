using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MeshLib;

/// <summary>Adds configuration sources and options to the mesh registered by <c>services.AddMesh()</c>.</summary>
public interface IMeshBuilder
{
    /// <summary>The service collection the mesh is registered in.</summary>
    IServiceCollection Services { get; }

    /// <summary>Reads Istio resources from a YAML/JSON file, or a directory of <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> files.</summary>
    /// <param name="path">The file or directory.</param>
    /// <param name="reloadOnChange">Whether changes to the files are applied live.</param>
    /// <returns>This builder.</returns>
    IMeshBuilder AddYamlFile(string path, bool reloadOnChange = false);

    /// <summary>Reads Istio resources from YAML text (one or more documents).</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <returns>This builder.</returns>
    IMeshBuilder AddYaml(string yaml);

    /// <summary>
    /// Reads Istio resources from a configuration section shaped as
    /// <c>{ "Namespace": "default", "OutboundTrafficPolicy": "ALLOW_ANY", "Resources": [ { "apiVersion", "kind", "metadata", "spec" } ] }</c>;
    /// reloads with it. <c>Namespace</c> and <c>OutboundTrafficPolicy</c> set the mesh options.
    /// </summary>
    /// <param name="section">The section, usually <c>configuration.GetSection("Mesh")</c>.</param>
    /// <returns>This builder.</returns>
    IMeshBuilder AddConfiguration(IConfiguration section);

    /// <summary>Configures the mesh options (namespace, outbound traffic policy, workload labels).</summary>
    /// <param name="configure">The action that sets options.</param>
    /// <returns>This builder.</returns>
    IMeshBuilder Configure(Action<MeshOptions> configure);
}
