using System.Runtime.CompilerServices;

namespace MeshLib.Telemetry;

/// <summary>The labels of one request's <c>istio_*</c> measurements, on the stack (no tag array per request).</summary>
[InlineArray(Length)]
internal struct RequestTags
{
    /// <summary>The number of labels.</summary>
    public const int Length = 16;

    private KeyValuePair<string, object?> _element;
}
