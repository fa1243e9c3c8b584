namespace MeshLib.FunctionalTests.Scenarios;

/// <summary>
/// One behaviour of the mesh, as data both drivers run: the mesh YAML (built from the scenario's backends' ports),
/// how the backends behave, the requests to send and what must come back, and what the backends must have seen.
/// Each scenario routes only its own hosts (named after it), so every scenario can be loaded into one sidecar.
/// </summary>
/// <param name="Name">The scenario's name, also its host name (<c>http://NAME/...</c>).</param>
/// <param name="Summary">What it shows.</param>
internal sealed record Scenario(string Name, string Summary)
{
    /// <summary>The names of the backends it routes to; each is a real Kestrel server.</summary>
    public string[] Backends { get; init; } = [];

    /// <summary>The mesh configuration: YAML documents.</summary>
    public required Func<ScenarioBackends, IEnumerable<string>> Mesh { get; init; }

    /// <summary>Sets the backends' behaviour before the first request.</summary>
    public Action<ScenarioBackends>? Arrange { get; init; }

    /// <summary>The requests, in order, with what each must get.</summary>
    public required Probe[] Probes { get; init; }

    /// <summary>What the backends must have received once every probe is answered.</summary>
    public Received[] Received { get; init; } = [];

    /// <summary>
    /// Random draws scripted into the mesh (a <c>ScriptedRandomSource</c>), for exact weighted picks. Only the in-process
    /// driver can inject them; such a scenario is not run through the sidecar.
    /// </summary>
    public ulong[]? ScriptedDraws { get; init; }

    /// <summary>Whether the sidecar driver runs it.</summary>
    public bool RunsThroughSidecar => ScriptedDraws is null;

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>How the sidecar driver sends a probe; in-process, every probe goes through the mesh <see cref="HttpClient"/>.</summary>
internal enum SidecarClient
{
    /// <summary><c>curl -x</c>: a proxy-form request, as <c>HTTP_PROXY</c> makes them.</summary>
    CurlProxy,

    /// <summary><c>curl -H 'Host: service'</c> to the outbound listener: an origin-form request.</summary>
    CurlOriginForm,

    /// <summary>python3's urllib with a ProxyHandler (redirects are not followed).</summary>
    PythonProxy,
}

/// <summary>A GET sent <see cref="Count"/> times, one after the other, and what every answer (or all of them together) must be.</summary>
/// <param name="Url">The URL, naming a mesh host.</param>
internal sealed record Probe(string Url)
{
    /// <summary>Request headers.</summary>
    public (string Name, string Value)[] Headers { get; init; } = [];

    /// <summary>How many times it is sent.</summary>
    public int Count { get; init; } = 1;

    /// <summary>How the sidecar driver sends it.</summary>
    public SidecarClient Via { get; init; } = SidecarClient.CurlProxy;

    /// <summary>
    /// Sent in the background: the scenario goes on once a backend has received it (a backend holding it until the
    /// scenario's end), and its answers are checked at the end.
    /// </summary>
    public bool Held { get; init; }

    /// <summary>Sent only once the held probes are released and answered.</summary>
    public bool AfterHeld { get; init; }

    /// <summary>Every answer's status.</summary>
    public int? Status { get; init; }

    /// <summary>Every answer's body, exactly.</summary>
    public string? Body { get; init; }

    /// <summary>How every answer's body starts.</summary>
    public string? BodyStartsWith { get; init; }

    /// <summary>Every answer is the default answer of this backend.</summary>
    public string? Backend { get; init; }

    /// <summary>Response headers every answer has with these values (null: does not have).</summary>
    public Dictionary<string, string?> ResponseHeaders { get; init; } = [];

    /// <summary>No answer comes earlier (a delay or a timeout that causes it).</summary>
    public TimeSpan? NotBefore { get; init; }

    /// <summary>How many answers have each status, exactly.</summary>
    public Dictionary<int, int>? StatusCounts { get; init; }

    /// <summary>How many answers each backend gives, within bounds.</summary>
    public Dictionary<string, (int Min, int Max)>? BackendCounts { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"GET {Url}{string.Concat(Headers.Select(h => $" [{h.Name}: {h.Value}]"))}{(Count > 1 ? $" ×{Count}" : string.Empty)}";
}

/// <summary>What one backend must have received by the end of a scenario.</summary>
/// <param name="Backend">The backend's name.</param>
/// <param name="Count">How many requests.</param>
internal sealed record Received(string Backend, int Count)
{
    /// <summary>The <c>x-envoy-attempt-count</c> of each request, in order.</summary>
    public string[]? AttemptCounts { get; init; }

    /// <summary>Headers every request carried with these values (null: did not carry).</summary>
    public Dictionary<string, string?> Headers { get; init; } = [];

    /// <summary>Headers every request carried with a whole number in these bounds.</summary>
    public Dictionary<string, (long Min, long Max)> NumericHeaders { get; init; } = [];

    /// <summary>Every request's path and query, as the backend saw it.</summary>
    public string? PathAndQuery { get; init; }
}
