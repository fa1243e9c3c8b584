namespace MeshLib.Configuration.VirtualService;

/// <summary>Istio <c>CorsPolicy</c>: the Cross-Origin Resource Sharing policy of a route.</summary>
public sealed record CorsPolicyConfig : ConfigElement
{
    /// <summary>Origins allowed to make CORS requests (any match allows); default: none.</summary>
    public EquatableList<StringMatchConfig>? AllowOrigins { get; init; }

    /// <summary>Deprecated list of exactly matched allowed origins; default: none.</summary>
    public EquatableList<string>? AllowOrigin { get; init; }

    /// <summary>Methods allowed (Access-Control-Allow-Methods); default: none.</summary>
    public EquatableList<string>? AllowMethods { get; init; }

    /// <summary>Request headers allowed (Access-Control-Allow-Headers); default: none.</summary>
    public EquatableList<string>? AllowHeaders { get; init; }

    /// <summary>Response headers browsers may read (Access-Control-Expose-Headers); default: none.</summary>
    public EquatableList<string>? ExposeHeaders { get; init; }

    /// <summary>How long a preflight result may be cached (Access-Control-Max-Age); default: none.</summary>
    public Duration? MaxAge { get; init; }

    /// <summary>Whether credentials are allowed (Access-Control-Allow-Credentials, BoolValue); default: unset.</summary>
    public bool? AllowCredentials { get; init; }

    /// <summary>What to do with preflights whose origin does not match; default: UNSPECIFIED (forward).</summary>
    public UnmatchedPreflights? UnmatchedPreflights { get; init; }
}
