using CrossbarLab.IO;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Issue 14, class 3: outputs go only to regular files or new paths, through a temporary file that is flushed, renamed
/// and followed by a flush of the folder. A named pipe or a symbolic link named as an output is left as it is, even
/// with --force (as /dev/null would be: the tests use a FIFO and links in a temporary folder, never the real /dev).
/// </summary>
[Collection("console")]
[Trait(Hazard.Trait, Hazard.OutputTargets)]
public class OutputTargetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-outputs").FullName;
    public void Dispose() => Directory.Delete(_dir, true);
    private string P(string name) => Path.Combine(_dir, name);

    private static string ExampleDie => Path.Combine(ExamplesFolder(), "simulated-2-tile-die.json");

    private static string ExamplesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "examples"))) return Path.Combine(dir.FullName, "examples");
        throw new InvalidOperationException("examples/ not found");
    }

    [Fact]
    public void ANamedPipeGivenAsOutputIsLeftAsItIsEvenWithForce()
    {
        string fifo = Posix.Fifo(P("pipe"));
        Cli.AssertUserError(Cli.Run("die", "export", ExampleDie, "--out", fifo, "--format", "csv", "--force"), "named pipe",
            "left as it is");
        Assert.True(Posix.IsFifo(fifo));
    }

    [Fact]
    public void ASymbolicLinkGivenAsOutputIsNeitherReplacedNorWrittenThrough()
    {
        File.WriteAllText(P("victim.json"), "keep me");
        File.CreateSymbolicLink(P("link.json"), P("victim.json"));
        string csv = P("map.csv");
        Assert.Equal(0, Cli.Run("die", "export", ExampleDie, "--out", csv).Code);
        var result = Cli.Run("die", "import", csv, "--tiles", "2", "--out", P("link.json"), "--force");
        Cli.AssertUserError(result, "symbolic link");
        Assert.Equal("keep me", File.ReadAllText(P("victim.json")));
        Assert.NotNull(new FileInfo(P("link.json")).LinkTarget);
    }

    [Fact]
    public void ARunFolderThatIsANamedPipeIsRefused()
    {
        string fifo = Posix.Fifo(P("run-pipe"));
        Cli.AssertUserError(Cli.Run("fab", "--dies", "1", "--network", "none", "--out", fifo, "--force"), "named pipe");
        Assert.True(Posix.IsFifo(fifo));
    }

    [Fact]
    public void ARunFolderMayBeALinkToAFolderAndTheLinkIsKept()
    {
        Directory.CreateDirectory(P("disk/runs"));
        Directory.CreateSymbolicLink(P("runs"), P("disk/runs"));
        var result = Cli.Run("fab", "--dies", "1", "--network", "none", "--out", P("runs"));
        Assert.True(result.Code == 0, result.Err);
        Assert.True(File.Exists(P("disk/runs/die-00.json")));
        Assert.NotNull(new DirectoryInfo(P("runs")).LinkTarget);
        // A link to nothing is not a folder to write into.
        Directory.CreateSymbolicLink(P("dangling"), P("nowhere"));
        Cli.AssertUserError(Cli.Run("fab", "--dies", "1", "--network", "none", "--out", P("dangling")), "symbolic link to nothing");
    }

    [Fact]
    public void TheDefectMapOfDieShowGoesOnlyIntoAFolder()
    {
        string fifo = Posix.Fifo(P("map-pipe"));
        Cli.AssertUserError(Cli.Run("die", "show", ExampleDie, "--out", fifo), "named pipe");
        Assert.True(Posix.IsFifo(fifo));
    }

    [Fact]
    public void ALinkPlantedAtTheTemporaryNameIsNotFollowed()
    {
        // The temporary file is PATH's hidden sibling named after the process: a link planted there (or left by a killed
        // process) must be replaced, not written through.
        File.WriteAllText(P("victim.txt"), "keep me");
        string target = P("out.json");
        File.CreateSymbolicLink(P($".out.json.{Environment.ProcessId}.tmp"), P("victim.txt"));
        AtomicFile.WriteAllText(target, "{}");
        Assert.Equal("{}", File.ReadAllText(target));
        Assert.Equal("keep me", File.ReadAllText(P("victim.txt")));
        Assert.Null(new FileInfo(target).LinkTarget);
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("link")]
    [InlineData("folder")]
    public void TheLibraryWritesOverNothingButARegularFile(string kind)
    {
        string path = P("target");
        switch (kind)
        {
            case "fifo": Posix.Fifo(path); break;
            case "link": File.CreateSymbolicLink(path, P("elsewhere")); break;
            default: Directory.CreateDirectory(path); break;
        }
        Assert.Throws<OutputException>(() => AtomicFile.WriteAllText(path, "x"));
        Assert.False(File.Exists(P("elsewhere")));
        Assert.Empty(Directory.GetFiles(_dir, ".target.*"));
    }

    [Fact]
    public void AWriteReplacesTheFileWholeAndFlushesTheFolder()
    {
        string path = P("atomic.txt");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Single(Directory.GetFileSystemEntries(_dir));
        // Flushing a folder works here and is a no-op where a file system cannot flush folders.
        FolderSync.Flush(_dir);
    }
}
