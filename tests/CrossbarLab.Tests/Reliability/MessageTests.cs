using System.Diagnostics;
using CrossbarLab.Data;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using CrossbarLab.Model;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Issue 14, class 12: every mistake on the command line gives one line that names the option and what it takes (no
/// help dump, no .NET type names), and the advice after a failure leads somewhere: a run killed before its first
/// checkpoint resumes (from epoch 1) instead of being refused a second time.
/// </summary>
[Collection("console")]
[Trait(Hazard.Trait, Hazard.Messages)]
public class MessageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-messages").FullName;
    public void Dispose() => Directory.Delete(_dir, true);
    private string P(string name) => Path.Combine(_dir, name);

    [Theory]
    [InlineData("train --regime foo", "--regime foo: choose one of hardware-aware, software, statistics-aware")]
    [InlineData("train --k abc", "--k abc: expected a whole number")]
    [InlineData("train --seed -1", "--seed -1: expected a whole number, 0 or more")]
    [InlineData("train --threshold high", "--threshold high: expected a number")]
    [InlineData("train --epochs", "--epochs needs a value")]
    [InlineData("train --no-such-option", "unknown option '--no-such-option' for crossbar train")]
    [InlineData("trian", "unknown command 'trian' for crossbar (did you mean train?)")]
    [InlineData("die show", "crossbar die show needs its argument FILE")]
    [InlineData("die import map.csv", "--out is required")]
    [InlineData("sweep", "crossbar sweep needs a command: saturation, defect-rate")]
    [InlineData("bench --seconds fast", "--seconds fast: expected a number")]
    public void AParseErrorIsOneLineNamingTheOptionAndWhatItTakes(string args, string expected)
    {
        var result = Cli.Run(args.Split(' '));
        Cli.AssertUserError(result, expected);
        Assert.DoesNotContain("Usage:", result.Out + result.Err);
    }

    [Theory]
    [InlineData("train --k 8", "--k: K is the number of defect instances per step of statistics-aware training")]
    [InlineData("train --pool 4", "--pool: the pool of defect maps is drawn for statistics-aware training only")]
    [InlineData("train --die die.json", "only hardware-aware training uses a die: set --regime to hardware-aware")]
    [InlineData("eval --model m.json --calibrate", "--calibrate true: calibration fits offsets on each die: give the "
        + "dies (--dies)")]
    [InlineData("deploy --model m.json --die d.json --probe", "--probe true: the probe measures the die for "
        + "fine-tuning: give --finetune too.")]
    [InlineData("die export d.json --out map.txt", "give --format csv or npz")]
    public void AnOptionTheRunWouldIgnoreIsRefused(string args, string expected)
    {
        var result = Cli.Run(args.Split(' '));
        Cli.AssertUserError(result, expected);
    }

    [Fact]
    public void StatisticsGivenToATrainingThatDoesNotSampleThemAreRefused()
    {
        File.WriteAllText(P("stats.json"), JsonConventions.ToNode(CrossbarLab.Hardware.DefectStatistics.Reference)!.ToJsonString());
        Cli.AssertUserError(Cli.Run("train", "--stats", P("stats.json")),
            "--stats: the defect statistics are sampled by statistics-aware training only");
        Cli.AssertUserError(Cli.Run("train", "--regime", "hardware-aware", "--stats", P("stats.json")), "--stats");
    }

    [Fact]
    public void NoCommandGivesOneLineListingTheCommands()
    {
        var result = Cli.Run();
        Cli.AssertUserError(result, "crossbar needs a command: train, eval");
    }

    [Fact]
    public void AValueOfTheWrongTypeInAConfigurationNamesNoDotNetType()
    {
        File.WriteAllText(P("config.json"), "{\"training\": {\"k\": \"eight\"}}");
        var result = Cli.Run("train", "--config", P("config.json"), "--data", P("none"));
        string line = Cli.AssertUserError(result, "training.k");
        Assert.DoesNotContain("Int32", line);
        Assert.DoesNotContain("CrossbarLab.Training", line);
    }

    [Fact]
    public void TheAdviceForAFolderInUseMentionsResumeOnlyWhereTheCommandHasIt()
    {
        Directory.CreateDirectory(P("full"));
        File.WriteAllText(P("full/results.json"), "{}");
        string fab = Cli.AssertUserError(Cli.Run("fab", "--dies", "1", "--network", "none", "--out", P("full")), "--force");
        Assert.DoesNotContain("--resume", fab);
        Cli.AssertUserError(Cli.Run("train", "--out", P("full"), "--data", P("none")), "--force", "--resume");
    }

    [Fact]
    public void AFolderHoldingOnlyWhatAKilledRunLeftIsNotInTheWay()
    {
        // A run killed while writing its first file leaves its lock and a temporary: neither makes the folder a run.
        Directory.CreateDirectory(P("leftovers"));
        File.WriteAllText(P($"leftovers/{RunDirectory.LockFileName}"), "pid 2147483000\nhost elsewhere\n");
        File.WriteAllText(P("leftovers/.config.json.2147483000.tmp"), "{\"comm");
        var result = Cli.Run("fab", "--dies", "1", "--network", "none", "--out", P("leftovers"));
        Assert.True(result.Code == 0, result.Err);
        Assert.True(File.Exists(P("leftovers/die-00.json")));
    }

    [Fact]
    [Trait("data", "mnist")]
    public void ARunWithAConfigurationButNoCheckpointResumesFromTheFirstEpoch()
    {
        var config = TestConfigs.Tiny(7, dies: 2, k: 2).ForCommand("train");
        string file = P("config.json");
        File.WriteAllText(file, ConfigFile.ToJson(config));
        // What a kill between config.json and the first checkpoint leaves.
        using (var dir = RunDirectory.Prepare(P("killed"), force: false))
            RunFolder.WriteConfig(dir, config, resume: false);
        var resumed = Cli.Run("train", "--config", file, "--resume", "--out", P("killed"));
        Assert.True(resumed.Code == 0, resumed.Err);
        var straight = Cli.Run("train", "--config", file, "--out", P("straight"));
        Assert.True(straight.Code == 0, straight.Err);
        Assert.Equal(File.ReadAllText(P("straight/results.json")), File.ReadAllText(P("killed/results.json")));
    }

    [Fact]
    [Trait("data", "mnist")]
    public void ATrainingKilledBeforeItsFirstCheckpointResumesToTheSameWeights()
    {
        string data = Mnist.FindFolder();
        // The large network takes long enough per epoch for the kill to land before the first checkpoint.
        string[] settings = ["train", "--network", "large", "--epochs", "2", "--train-limit", "20000", "--seed", "3", "--data", data];
        string killed = P("killed"), straight = P("straight");
        using (var child = CrossbarProcess.StartDrained([.. settings, "--out", killed]))
        {
            bool started = CrossbarProcess.WaitFor(() => child.HasExited || File.Exists(Path.Combine(killed, "config.json")),
                TimeSpan.FromMinutes(2));
            Assert.True(started && !child.HasExited, "the run ended before it could be killed");
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(killed, "checkpoint.json")), "killed after the first checkpoint");
        var resumed = CrossbarProcess.Run([.. settings, "--out", killed, "--resume"]);
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Contains("ended without releasing it", resumed.Err);
        var reference = CrossbarProcess.Run([.. settings, "--out", straight]);
        Assert.True(reference.Code == 0, reference.Err);
        var a = ModelFile.Load(Path.Combine(killed, "model.json"));
        var b = ModelFile.Load(Path.Combine(straight, "model.json"));
        for (int l = 0; l < a.Weights.Length; l++) Assert.Equal(b.Weights[l], a.Weights[l]);
    }
}
