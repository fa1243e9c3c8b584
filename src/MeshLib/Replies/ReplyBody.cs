using System.Text;

namespace MeshLib.Replies;

/// <summary>
/// A local reply body encoded once: the bytes of an HTTP reply and the same text for a gRPC reply's
/// <c>grpc-message</c>. Shared by every reply; never written.
/// </summary>
internal sealed class ReplyBody
{
    /// <summary>Encodes <paramref name="text"/> (Envoy's bodies are ASCII).</summary>
    /// <param name="text">The body.</param>
    public ReplyBody(string text)
    {
        Text = text;
        Bytes = Encoding.ASCII.GetBytes(text);
    }

    /// <summary>The body as text.</summary>
    public string Text { get; }

    /// <summary>The body as bytes.</summary>
    public byte[] Bytes { get; }
}
