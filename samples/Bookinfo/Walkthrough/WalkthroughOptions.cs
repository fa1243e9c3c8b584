namespace Bookinfo.Walkthrough;

/// <summary>How the walkthrough runs.</summary>
public sealed record WalkthroughOptions
{
    /// <summary>The factor <c>--fast</c> applies to every duration (YAML fields, the apps' own timeouts, timeout headers).</summary>
    public const double FastTimeScale = 0.25;

    /// <summary><c>--fast</c>: durations × <see cref="FastTimeScale"/> and fewer requests.</summary>
    public bool Fast { get; init; }

    /// <summary>
    /// <c>--sidecar</c>: the callers (productpage, reviews v2/v3, the runner) have no mesh in the app; each sends its
    /// requests through its own MeshLib sidecar process as HTTP proxy, every process watching the same mesh directory.
    /// </summary>
    public bool Sidecar { get; init; }

    /// <summary>The time scale: 1, or <see cref="FastTimeScale"/> with <c>--fast</c>.</summary>
    public double TimeScale => Fast ? FastTimeScale : 1;

    /// <summary>Page loads per user when checking a routing rule.</summary>
    public int RoutingSamples => Fast ? 5 : 10;

    /// <summary>Page loads for the version census of the unrouted Bookinfo.</summary>
    public int CensusSamples => Fast ? 30 : 60;

    /// <summary>Page loads when checking a weighted split.</summary>
    public int ShiftSamples => Fast ? 60 : 200;

    /// <summary>Where the Istio YAML files are (the sample's <c>networking</c> folder).</summary>
    public string NetworkingDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "networking");

    /// <summary>The Python productpage (the sample's <c>python/productpage.py</c>) for <c>--python</c>.</summary>
    public string PythonProductPage { get; init; } = Path.Combine(AppContext.BaseDirectory, "python", "productpage.py");
}
