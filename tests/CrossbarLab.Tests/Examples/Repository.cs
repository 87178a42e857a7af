namespace CrossbarLab.Tests.Examples;

/// <summary>The repository's root folder (the one holding CrossbarLab.slnx), found from the test assembly.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CrossbarLab.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("the repository root (CrossbarLab.slnx) is not above the tests.");
    }
}
