using CrossbarLab.Data;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using CrossbarLab.Model;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Issue 14, class 1: a command that is refused leaves the run folder exactly as it found it — every file, hidden ones
/// included, byte for byte — because every check that can refuse it runs before the first write.
/// </summary>
[Collection("console")]
[Trait(Hazard.Trait, Hazard.RefusedCommand)]
public class RefusedCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-refused").FullName;
    public void Dispose() => Directory.Delete(_dir, true);
    private string P(string name) => Path.Combine(_dir, name);

    /// <summary>A folder holding a run of <paramref name="config"/> (its config.json), as the command writes it.</summary>
    private string RunFolderOf(string name, RunConfig config)
    {
        using var dir = RunDirectory.Prepare(P(name), force: false);
        RunFolder.WriteConfig(dir, config, resume: false);
        return dir.Path;
    }

    private static RunConfig TinyTrain => TestConfigs.Tiny(5, dies: 2, k: 2).ForCommand("train");

    private string ConfigFile(RunConfig config)
    {
        string path = P($"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, CrossbarLab.Experiments.ConfigFile.ToJson(config));
        return path;
    }

    [Fact]
    public void ResumingATrainRunInAReproduceFolderIsRefusedAndNamesTheRun()
    {
        string folder = RunFolderOf("reproduce-run", RunConfig.Default.ForCommand("reproduce"));
        var before = FolderSnapshot.Of(folder);
        var result = Cli.Run("train", "--resume", "--out", folder, "--data", P("no-data"));
        Cli.AssertUserError(result, "holds a run of crossbar reproduce, not of crossbar train");
        before.AssertUnchanged(FolderSnapshot.Of(folder));
    }

    [Fact]
    public void ResumingWithOtherSettingsNamesTheSettingAndChangesNothing()
    {
        string folder = RunFolderOf("train-run", TinyTrain);
        var before = FolderSnapshot.Of(folder);
        var result = Cli.Run("train", "--config", ConfigFile(TinyTrain), "--epochs", "3", "--resume", "--out", folder);
        Cli.AssertUserError(result, "training.epochs is 1 there, 3 here");
        before.AssertUnchanged(FolderSnapshot.Of(folder));
    }

    [Fact]
    public void ResumingAFolderThatDoesNotExistCreatesNothing()
    {
        var result = Cli.Run("train", "--resume", "--out", P("typo"), "--data", P("no-data"));
        Cli.AssertUserError(result, "no run to resume");
        Assert.False(Directory.Exists(P("typo")));
    }

    [Fact]
    public void ARefusedCommandLeavesNoNewFolderBehind()
    {
        var result = Cli.Run("eval", "--model", P("missing/model.json"), "--out", P("eval"));
        Cli.AssertUserError(result, "not found");
        Assert.False(Directory.Exists(P("eval")));
    }

    [Fact]
    public void ARefusedCommandKeepsTheLockRecordOfAKilledRun()
    {
        string folder = RunFolderOf("killed", TinyTrain);
        File.WriteAllText(Path.Combine(folder, RunDirectory.LockFileName), "pid 2147483000\nhost elsewhere\nstarted 2020\n");
        var before = FolderSnapshot.Of(folder);
        Cli.AssertUserError(Cli.Run("fab", "--dies", "1", "--network", "none", "--out", folder), "not empty");
        Cli.AssertUserError(Cli.Run("train", "--config", ConfigFile(TinyTrain), "--seed", "9", "--resume", "--out", folder),
            "seed is 5 there, 9 here");
        before.AssertUnchanged(FolderSnapshot.Of(folder));
    }

    [Fact]
    [Trait("data", "mnist")]
    public void AResumeRefusedForADamagedCheckpointChangesNothingEvenWhenTheDataPathDiffers()
    {
        string folder = RunFolderOf("damaged-checkpoint", TinyTrain);
        File.WriteAllText(Path.Combine(folder, "checkpoint.json"), "{\"format\": \"crossbarlab.checkpoint\", \"vers");
        // The same MNIST under another path: an incidental setting, which the old code rewrote into config.json first.
        string data = P("mnist-link");
        Directory.CreateSymbolicLink(data, Mnist.FindFolder());
        var before = FolderSnapshot.Of(folder);
        var result = Cli.Run("train", "--config", ConfigFile(TinyTrain), "--resume", "--out", folder, "--data", data);
        Cli.AssertUserError(result, "checkpoint.json", "not valid JSON");
        before.AssertUnchanged(FolderSnapshot.Of(folder));
    }

    [Fact]
    [Trait("data", "mnist")]
    public void AReproduceResumeRefusedForATruncatedHistoryChangesNothing()
    {
        var tiny = TestConfigs.Tiny(5, dies: 2, k: 2).ForCommand("reproduce");
        string folder = RunFolderOf("reproduce", tiny);
        Directory.CreateDirectory(Path.Combine(folder, "models"));
        ModelFile.Save(BinaryNetwork.Initialize(tiny.Net, 1, 0.1f), Path.Combine(folder, "models", "software.json"));
        File.WriteAllText(Path.Combine(folder, "models", "software.history.json"), "[{\"epoch\": 1, \"train_lo");
        var before = FolderSnapshot.Of(folder);
        var result = Cli.Run("reproduce", "--config", ConfigFile(tiny), "--resume", "--out", folder, "--backend", "cpu");
        Cli.AssertUserError(result, "software.history.json", "damaged training history");
        before.AssertUnchanged(FolderSnapshot.Of(folder));
    }
}
