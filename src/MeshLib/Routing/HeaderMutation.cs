namespace MeshLib.Routing;

/// <summary>One header to write: <c>set</c> overwrites (Envoy <c>OVERWRITE_IF_EXISTS_OR_ADD</c>), <c>add</c> appends (<c>APPEND_IF_EXISTS_OR_ADD</c>).</summary>
/// <param name="Name">The header name.</param>
/// <param name="Value">The value, written literally.</param>
/// <param name="Append">Whether this is an <c>add</c>.</param>
internal readonly record struct HeaderMutation(string Name, string Value, bool Append);
