namespace MeshLib.FunctionalTests.Sidecar;

/// <summary>An HTTP answer as curl or python3 printed it: the status on the last line, the body before it.</summary>
public sealed record ToolHttpResponse(int Status, string Body)
{
    public static ToolHttpResponse Parse(ToolResult result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        var text = result.StandardOutput.TrimEnd('\n');
        var split = text.LastIndexOf('\n');
        var status = int.Parse(split < 0 ? text : text[(split + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return new ToolHttpResponse(status, split < 0 ? string.Empty : text[..split]);
    }
}
