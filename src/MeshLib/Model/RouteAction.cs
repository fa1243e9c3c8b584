namespace MeshLib.Model;

/// <summary>What a route does with a request it matches.</summary>
internal enum RouteAction
{
    /// <summary>Forward to the weighted destinations.</summary>
    Forward,

    /// <summary>Answer with a redirect.</summary>
    Redirect,

    /// <summary>Answer with a fixed response.</summary>
    DirectResponse,
}
