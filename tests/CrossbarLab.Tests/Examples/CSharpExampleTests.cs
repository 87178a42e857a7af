using System.IO.Compression;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace CrossbarLab.Tests.Examples;

/// <summary>
/// The program of docs/csharp.md (examples/csharp) is built as a consumer would build it: against the CrossbarLab
/// package packed from this build into a local folder feed (artifacts/feed), not against the project, and run on a
/// tiny configuration; what it prints agrees with the run folder it wrote.
/// </summary>
[Trait("data", "mnist")]
public class CSharpExampleTests(ITestOutputHelper output)
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);

    private string Dotnet(string folder, params string[] arguments)
    {
        var (code, stdout, stderr) = ChildProcess.Run("dotnet", arguments, folder, Limit);
        Assert.True(code == 0, $"dotnet {string.Join(' ', arguments)} failed ({code}):\n{stdout}\n{stderr}");
        output.WriteLine($"dotnet {arguments[0]}: ok");
        return stdout;
    }

    [Fact]
    public void BuildsAgainstThePackedPackageAndRuns()
    {
        string root = Repository.Root;
        string feed = Path.Combine(root, "artifacts", "feed");
        string packages = Path.Combine(root, "artifacts", "example-packages");
        string project = Path.Combine(root, "examples", "csharp", "CrossbarLab.Example.csproj");
        string run = Directory.CreateTempSubdirectory("crossbar-csharp-example").FullName;
        try
        {
            // Pack the library this test run was built from (no second compilation), symbols included.
            Dotnet(root, "pack", Path.Combine(root, "src", "CrossbarLab", "CrossbarLab.csproj"), "-c", Configuration,
                "--no-build", "-nologo", "-o", feed);
            CheckPackage(feed);
            // A copy of the same version restored earlier would be stale: the example must get this one.
            string cached = Path.Combine(packages, "crossbarlab");
            if (Directory.Exists(cached))
                Directory.Delete(cached, true);
            string global = Dotnet(root, "nuget", "locals", "global-packages", "--list").Trim()
                .Replace("global-packages:", "").Trim();
            Dotnet(root, "restore", project, "--packages", packages,
                $"-p:RestoreAdditionalProjectFallbackFolders={global}");
            Assert.True(File.Exists(Path.Combine(cached, Version(), "crossbarlab.nuspec")));
            Dotnet(root, "build", project, "-c", "Release", "--no-restore", "-nologo");
            var (code, stdout, stderr) = ChildProcess.Run("dotnet",
                ["run", "--project", project, "-c", "Release", "--no-build", "--",
                    Path.Combine(root, "examples", "csharp", "tiny.json"), run], root, Limit,
                new Dictionary<string, string> { ["CROSSBARLAB_DATA"] = CrossbarLab.Data.Mnist.FindFolder() });
            output.WriteLine(stdout);
            Assert.True(code == 0, stderr);

            var results = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "results.json")))!;
            double baseline = (double)results["baseline_test_error"]!;
            Assert.Contains($"software baseline: {baseline:P2} test error; 2 dies", stdout);
            double software = (double)results["methods"]!["software"]!["mean"]!;
            Assert.Contains($"software: mean {software:P2}", stdout);
        }
        finally
        {
            Directory.Delete(run, true);
        }
    }

    /// <summary>The package carries the readme, licence, XML documentation and a symbols package.</summary>
    private static void CheckPackage(string feed)
    {
        string package = Path.Combine(feed, $"CrossbarLab.{Version()}.nupkg");
        Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")));
        using var zip = ZipFile.OpenRead(package);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("README.md", names);
        Assert.Contains("lib/net10.0/CrossbarLab.dll", names);
        Assert.Contains("lib/net10.0/CrossbarLab.xml", names);
        using var nuspec = new StreamReader(zip.GetEntry("CrossbarLab.nuspec")!.Open());
        string text = nuspec.ReadToEnd();
        Assert.Contains("<license type=\"expression\">MIT</license>", text);
        Assert.Contains("<readme>README.md</readme>", text);
    }

    /// <summary>The library's version: the package version set once in Directory.Build.props.</summary>
    private static string Version() =>
        typeof(CrossbarLab.Experiments.Lab).Assembly.GetName().Version!.ToString(3);
}
