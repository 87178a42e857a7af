using System.Diagnostics;
using CrossbarLab.Interop;

namespace CrossbarLab.Tests.Interop;

/// <summary>What the Interop readers do with paths that are not readable regular files.</summary>
public class InteropFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-interop-files").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly Func<string, object>[] Readers =
    [
        path => NpyReader.Read(path),
        path => NpzArchive.Read(path),
        path => OnnxModelReader.Read(path),
    ];

    private static void AllRefuse(string path, string expected)
    {
        foreach (var read in Readers)
        {
            var e = Assert.Throws<InvalidDataFileException>(() => read(path));
            Assert.Contains(expected, e.Message);
            Assert.Equal(path, e.FilePath);
        }
    }

    [Fact]
    public async Task RefusesANamedPipeWithoutBlocking()
    {
        if (!OperatingSystem.IsLinux())
            return;
        string fifo = Path.Combine(_dir, "pipe.npy");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        var reading = Task.Run(() => AllRefuse(fifo, "named pipe"));
        bool finished = await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(30))) == reading;
        if (!finished)
        {
            using var unblock = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            Assert.Fail("reading the FIFO blocked");
        }
        await reading;
    }

    [Fact]
    public void RefusesADevice()
    {
        if (OperatingSystem.IsLinux())
            AllRefuse("/dev/zero", "character device");
    }

    [Fact]
    public void RefusesAFolderAMissingFileAndAnEmptyFile()
    {
        AllRefuse(_dir, "is a folder");
        AllRefuse(Path.Combine(_dir, "missing.npz"), "not found");
        string empty = Path.Combine(_dir, "empty.npz");
        File.WriteAllBytes(empty, []);
        AllRefuse(empty, "empty");
    }

    [Fact]
    public void RefusesAFileOverTheSizeCapBeforeReadingIt()
    {
        string huge = Path.Combine(_dir, "huge.npz");
        using (var stream = File.Create(huge))
            stream.SetLength(InteropLimits.MaxFileBytes + 1);
        AllRefuse(huge, "more than the");
    }

    [Fact]
    public void ReportsPermissionDenied()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
            return; // root reads any file, so the denial cannot be provoked
        string locked = Path.Combine(_dir, "locked.npy");
        NpyWriter.Save(locked, NpyArray.Vector(new[] { 1f }));
        File.SetUnixFileMode(locked, UnixFileMode.None);
        AllRefuse(locked, "permission denied");
    }
}
