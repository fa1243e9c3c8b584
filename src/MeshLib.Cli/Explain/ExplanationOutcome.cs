namespace MeshLib.Cli.Explain;

/// <summary>What happens to the explained request.</summary>
internal enum ExplanationOutcome
{
    /// <summary>A route matched and forwards to its weighted destinations.</summary>
    Forward,

    /// <summary>A route matched and answers with a redirect.</summary>
    Redirect,

    /// <summary>A route matched and answers with a fixed response.</summary>
    DirectResponse,

    /// <summary>A route matched and its CORS policy answers the preflight itself.</summary>
    CorsPreflight,

    /// <summary>The host has routes but none matched: 404 (Envoy's NR).</summary>
    NoRoute,

    /// <summary>No virtual host for the host and ALLOW_ANY: the request is forwarded as addressed.</summary>
    Passthrough,

    /// <summary>No virtual host for the host and REGISTRY_ONLY: 502 (Istio's BlackHole cluster).</summary>
    BlackHole,
}
