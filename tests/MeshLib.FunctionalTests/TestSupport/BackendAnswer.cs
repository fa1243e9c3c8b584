using System.Text.Json;

namespace MeshLib.FunctionalTests.TestSupport;

/// <summary>A backend's default JSON answer.</summary>
public sealed record BackendAnswer(string Backend, string Path, Dictionary<string, string> Headers)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<BackendAnswer> ReadAsync(HttpResponseMessage response) => Parse(await response.Content.ReadAsStringAsync());

    public static BackendAnswer Parse(string text) =>
        JsonSerializer.Deserialize<BackendAnswer>(text, Options) ?? throw new InvalidOperationException($"not a backend answer: {text}");
}
