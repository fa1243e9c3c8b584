namespace MeshLib.Cli.Explain;

/// <summary>The redirect a route answers with.</summary>
/// <param name="StatusCode">The status (301 unless <c>redirectCode</c> says otherwise).</param>
/// <param name="Location">The <c>Location</c> for this request.</param>
internal sealed record RedirectInfo(int StatusCode, string Location);
