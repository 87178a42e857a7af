using System.Text.RegularExpressions;

namespace CrossbarLab.Tests.Architecture;

/// <summary>
/// The library speaks in settings (<c>training.k</c>), the command line in flags (<c>--k</c>): no string in the library's
/// source names a flag, so a library user never reads advice about options they cannot pass.
/// </summary>
public partial class LibraryMessagesTests
{
    [GeneratedRegex("\"(?:[^\"\\\\\\n]|\\\\.)*?--[a-z](?:[^\"\\\\\\n]|\\\\.)*\"")]
    private static partial Regex StringWithFlag();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrossbarLab.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void NoLibraryStringNamesACommandLineFlag()
    {
        Assert.Matches(StringWithFlag(), "throw new X(\"pass --force to overwrite it\");");
        Assert.DoesNotMatch(StringWithFlag(), "var s = \"a - b\"; // --force");
        string library = Path.Combine(RepositoryRoot(), "src", "CrossbarLab");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(library, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) continue;
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string code = lines[i].TrimStart();
                if (code.StartsWith("//")) continue;
                foreach (Match m in StringWithFlag().Matches(code))
                    offenders.Add($"{Path.GetRelativePath(library, file)}:{i + 1}: {m.Value}");
            }
        }
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }
}
