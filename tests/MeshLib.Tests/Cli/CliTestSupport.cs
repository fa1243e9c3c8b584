using MeshLib.Cli;
using MeshLib.Tests.Configuration.Parsing;

namespace MeshLib.Tests.Cli;

/// Runs meshctl in-process and keeps YAML files in a temporary directory that is deleted afterwards.
internal sealed class CliTestSupport : IDisposable
{
    public const string Registry = """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          location: MESH_INTERNAL
          resolution: STATIC
          ports:
          - {number: 9080, name: http, protocol: HTTP}
          endpoints:
          - {address: 127.0.0.1, ports: {http: 9081}, labels: {app: reviews, version: v1}}
          - {address: 127.0.0.1, ports: {http: 9082}, labels: {app: reviews, version: v2}}
          - {address: 127.0.0.1, ports: {http: 9083}, labels: {app: reviews, version: v3}}
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: ratings
        spec:
          hosts: [ratings]
          location: MESH_INTERNAL
          resolution: STATIC
          ports:
          - {number: 9080, name: http, protocol: HTTP}
          endpoints:
          - {address: 127.0.0.1, ports: {http: 9091}, labels: {app: ratings, version: v1}}
        """;

    public CliTestSupport()
    {
        Directory = Path.Combine(Path.GetTempPath(), "meshctl-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public static string Corpus(string file) => Path.Combine(ParsingTestSupport.CorpusDirectory, file);

    public string Write(string name, string yaml)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Meshctl.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary directory does not fail a test.
        }
    }
}
