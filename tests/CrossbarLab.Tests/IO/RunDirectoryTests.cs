using CrossbarLab.IO;

namespace CrossbarLab.Tests.IO;

public class RunDirectoryTests
{
    /// <summary>The files of a run folder, without the lock file of the run holding it.</summary>
    private static string[] RunFiles(string path) =>
        Directory.GetFiles(path).Where(f => Path.GetFileName(f) != RunDirectory.LockFileName).ToArray();

    private static string TempPath() => Path.Combine(Path.GetTempPath(), $"crossbar-out-{Guid.NewGuid():N}");

    [Fact]
    public void CreatesAMissingFolder()
    {
        string path = TempPath();
        try
        {
            using (var dir = RunDirectory.Prepare(path, force: false))
                Assert.True(Directory.Exists(dir.Path));
            // A command that wrote nothing (it was refused after all) leaves no trace: the folder it created is gone.
            Assert.False(Directory.Exists(path));
        }
        finally { if (Directory.Exists(path)) Directory.Delete(path, true); }
    }

    [Fact]
    public void RefusesANonEmptyFolderUnlessForcedOrResuming()
    {
        string path = TempPath();
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "results.json"), "{}");
        try
        {
            var e = Assert.Throws<InvalidConfigurationException>(() => RunDirectory.Prepare(path, force: false));
            Assert.Equal(RunDirectory.OutDir, e.Setting);
            Assert.Equal(RunDirectory.NotEmpty, e.Rule);
            Assert.Equal("{}", File.ReadAllText(Path.Combine(path, "results.json"))); // untouched
            RunDirectory.Prepare(path, force: true).Dispose();
            RunDirectory.Prepare(path, force: false, resume: true).Dispose();
        }
        finally { Directory.Delete(path, true); }
    }

    [Fact]
    public void RefusesAFileAndAnUnwritablePlace()
    {
        string file = Path.GetTempFileName();
        try { Assert.Contains("is a file", Assert.Throws<InvalidConfigurationException>(() => RunDirectory.Prepare(file, force: true)).Message); }
        finally { File.Delete(file); }
        Assert.Throws<OutputException>(() => RunDirectory.Prepare("/proc/crossbar-cannot-write-here", force: false));
    }

    [Fact]
    public void AtomicWritesReplaceWholeFilesAndReportFailures()
    {
        string path = TempPath();
        try
        {
            using var dir = RunDirectory.Prepare(path, force: false);
            AtomicFile.WriteAllText(dir.FilePath("a.txt"), "first");
            AtomicFile.WriteAllText(dir.FilePath("a.txt"), "second");
            Assert.Equal("second", File.ReadAllText(dir.FilePath("a.txt")));
            Assert.Single(RunFiles(path)); // no temporary files left
            var e = Assert.Throws<OutputException>(() => AtomicFile.Write(dir.FilePath("b.txt"), _ => throw new IOException("No space left on device")));
            Assert.Contains("No space left", e.Message);
            Assert.False(File.Exists(dir.FilePath("b.txt")));
            Assert.Single(RunFiles(path));
        }
        finally { Directory.Delete(path, true); }
    }
}
