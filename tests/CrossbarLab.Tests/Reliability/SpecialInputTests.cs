namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Issue 14, class 11: an input that is not a regular file — a named pipe, which blocks whoever opens it until a writer
/// comes, or a device such as /dev/zero, which never ends — is refused before it is opened, by every reader.
/// </summary>
[Collection("console")]
[Trait(Hazard.Trait, Hazard.SpecialInputs)]
public class SpecialInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-special").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    public static TheoryData<string> Readers() =>
        ["die", "checkpoint", "statistics", "resistance map", "history", "model", "config", "idx"];

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task EveryReaderRefusesANamedPipeAtOnce(string reader)
    {
        string fifo = Posix.Fifo(Path.Combine(_dir, reader.Replace(' ', '-')));
        var read = Task.Run(() => AllocationTests.Read(reader, fifo));
        // A reader that opened the pipe would wait for a writer for ever; the test gives it ten seconds.
        bool ended = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(10))) == read;
        Assert.True(ended, $"{reader}: the reader blocked on the pipe");
        var e = Assert.IsType<InvalidDataFileException>(read.Exception?.InnerException);
        Assert.Contains("named pipe", e.Message);
    }

    [Fact]
    public void ADeviceThatNeverEndsIsRefusedAsInput()
    {
        // Reading /dev/zero is harmless to the system; a reader that tried would grow without bound.
        var result = Cli.Run("die", "show", "/dev/zero", "--out", _dir);
        Cli.AssertUserError(result, "/dev/zero", "character device");
    }

    [Fact]
    public async Task MnistFilesThatArePipesAreRefusedWithoutBlocking()
    {
        foreach (var name in new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
            Posix.Fifo(Path.Combine(_dir, name));
        var run = Task.Run(() => Cli.Run("train", "--data", _dir, "--out", Path.Combine(_dir, "run")));
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run, "train blocked on a pipe");
        Cli.AssertUserError(await run, "train-images-idx3-ubyte", "named pipe");
    }

    [Fact]
    public void AnInputFolderGivenAsAFileIsAUserError()
    {
        Cli.AssertUserError(Cli.Run("die", "show", _dir), "is a folder, not a file");
        Cli.AssertUserError(Cli.Run("fab", "--stats", _dir, "--out", Path.Combine(_dir, "o")), "is a folder, not a file");
    }
}
