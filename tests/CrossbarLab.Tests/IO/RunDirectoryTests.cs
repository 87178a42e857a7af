using CrossbarLab.IO;

namespace CrossbarLab.Tests.IO;

public class RunDirectoryTests
{
    private static string TempPath() => Path.Combine(Path.GetTempPath(), $"crossbar-out-{Guid.NewGuid():N}");

    [Fact]
    public void CreatesAMissingFolder()
    {
        string path = TempPath();
        try { Assert.True(Directory.Exists(RunDirectory.Prepare(path, force: false).Path)); }
        finally { Directory.Delete(path, true); }
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
            RunDirectory.Prepare(path, force: true);
            RunDirectory.Prepare(path, force: false, resume: true);
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
            var dir = RunDirectory.Prepare(path, force: false);
            AtomicFile.WriteAllText(dir.FilePath("a.txt"), "first");
            AtomicFile.WriteAllText(dir.FilePath("a.txt"), "second");
            Assert.Equal("second", File.ReadAllText(dir.FilePath("a.txt")));
            Assert.Single(Directory.GetFiles(path)); // no temporary files left
            var e = Assert.Throws<OutputException>(() => AtomicFile.Write(dir.FilePath("b.txt"), _ => throw new IOException("No space left on device")));
            Assert.Contains("No space left", e.Message);
            Assert.False(File.Exists(dir.FilePath("b.txt")));
            Assert.Single(Directory.GetFiles(path));
        }
        finally { Directory.Delete(path, true); }
    }
}
