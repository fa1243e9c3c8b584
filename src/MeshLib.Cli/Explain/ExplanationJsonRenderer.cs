using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MeshLib.Cli.Explain;

/// <summary>
/// Writes an <see cref="Explanation"/> as an indented JSON document with camelCase property names; enums are
/// camelCase strings, absent values are <c>null</c> (every property is always present), durations are Istio
/// duration strings and unlimited connection-pool limits are <c>null</c>.
/// </summary>
internal static class ExplanationJsonRenderer
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The explanation as JSON.</summary>
    /// <param name="explanation">The explanation.</param>
    /// <returns>The JSON document.</returns>
    public static string Render(Explanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        return JsonSerializer.Serialize(explanation, Options);
    }
}
