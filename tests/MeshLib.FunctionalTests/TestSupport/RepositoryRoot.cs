namespace MeshLib.FunctionalTests.TestSupport;

/// <summary>Finds the repository root (the folder holding MeshLib.sln) and the shared Istio corpus beside it.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Corpus => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, "..", "shared", "corpus", "istio"));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MeshLib.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MeshLib.sln not found above " + AppContext.BaseDirectory);
    }
}
