using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Experiments;
using CrossbarLab.Tests.Reliability;

namespace CrossbarLab.Tests.Slurm;

/// <summary>The Slurm tests share the one-node cluster, so they run one after the other.</summary>
[CollectionDefinition("slurm", DisableParallelization = true)]
public class SlurmCollection;

/// <summary>
/// <c>crossbar slurm submit</c> on a real Slurm cluster (the one-node cluster of scripts/slurm-local.sh in CI): runs as
/// 4-shard job arrays with their merge job end byte for byte as one process ends, also when an array task is cancelled
/// mid-unit and the same command is submitted again; and no unit is trained to the end twice (the shards' logs say
/// "unit NAME: trained" once per unit). Small configurations (the quick preset, shrunk) keep CI short.
/// </summary>
[Collection("slurm")]
[Trait("data", "mnist")]
public partial class SlurmArrayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-slurm").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    private string P(string name) => Path.Combine(_dir, name);

    [GeneratedRegex(@"array job (\d+)")]
    private static partial Regex ArrayJob();

    private string Config(string name, RunConfig config)
    {
        string path = P($"{name}.json");
        File.WriteAllText(path, ConfigFile.ToJson(config));
        return path;
    }

    private static string[] Command(string command, string config, string output) =>
        [.. command.Split(' '), "--config", config, "--data", Mnist.FindFolder(), "--out", output];

    private static string[] Submit(string[] command) => ["slurm", "submit", "--shards", "4", "--time", "30", "--wait",
        "--", .. command];

    /// <summary>
    /// Runs the command in one process and submitted as 4 shards at the same time; both must succeed.
    /// </summary>
    private void SingleAndSharded(string command, string config, string single, string sharded)
    {
        var reference = Task.Run(() => CrossbarProcess.Run(Command(command, config, single), timeout: Patience));
        var submitted = CrossbarProcess.Run(Submit(Command(command, config, sharded)), timeout: Patience);
        Assert.True(submitted.Code == 0, $"{command}: {submitted.Out}\n{submitted.Err}");
        Assert.True(reference.Result.Code == 0, reference.Result.Err);
    }

    private static void AssertSameFiles(string expected, string actual)
    {
        foreach (string file in new[] { "config.json", "results.json" }.Concat(ConcurrentShardsTests.Models(expected)))
            Assert.True(File.ReadAllBytes(Path.Combine(expected,
                file)).SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))),
                $"{file} differs");
    }

    /// <summary>Each unit is reported trained exactly once across every log of the run's jobs.</summary>
    private static void AssertEachUnitTrainedOnce(string run, IShardedExperiment experiment)
    {
        var logs = Directory.GetFiles(Path.Combine(run, "slurm", "logs"), "*.out").Select(File.ReadAllText).ToList();
        Assert.Equal(experiment.UnitNames().ToDictionary(u => u, _ => 1), ConcurrentShardsTests.Completions(logs));
    }

    [SlurmFact]
    public void ReproduceAndARateSweepAsFourShardArraysMergeToTheSingleProcessFiles()
    {
        var reproduce = TestConfigs.Tiny(2, dies: 3, k: 2).ForCommand("reproduce");
        string config = Config("reproduce", reproduce);
        SingleAndSharded("reproduce", config, P("reproduce-single"), P("reproduce-sharded"));
        AssertSameFiles(P("reproduce-single"), P("reproduce-sharded"));
        foreach (string file in new[] { "analysis.json", "dies/summary.json", "slurm/shards.sh", "slurm/merge.sh" })
            Assert.True(File.Exists(Path.Combine(P("reproduce-sharded"), file)), file);
        AssertEachUnitTrainedOnce(P("reproduce-sharded"), new Reproduction(reproduce, new CpuCompute()));

        var rates = TestConfigs.Tiny(3, dies: 4, k: 4).ForCommand("sweep defect-rate");
        config = Config("rates", rates);
        SingleAndSharded("sweep defect-rate", config, P("rates-single"), P("rates-sharded"));
        AssertSameFiles(P("rates-single"), P("rates-sharded"));
        AssertEachUnitTrainedOnce(P("rates-sharded"), new DefectRateSweep(rates, new CpuCompute()));
    }

    [SlurmFact]
    public void AnArrayTaskCancelledMidUnitIsRerunBySubmittingAgain()
    {
        // Units long enough (8 epochs) that a task is cancelled well inside one.
        var tiny = TestConfigs.Tiny(4, dies: 3, k: 8).ForCommand("sweep defect-rate");
        var rates = tiny with
        {
            Experiment = tiny.Experiment with { Rates = [0.005, 0.01, 0.02] },
            Training = tiny.Training with { Epochs = 8, TrainLimit = 20_000 },
        };
        string config = Config("cancel", rates);
        string run = P("cancel-sharded");
        string[] command = Command("sweep defect-rate", config, run);

        // Units in order: software, then one per rate; task 1 of 4 owns the second, the rate 0.005.
        const string unit = "statistics-aware-rate-0.005";
        var output = new StringBuilder();
        using var first = CrossbarProcess.Start(Submit(command));
        first.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        first.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        first.BeginOutputReadLine();
        first.BeginErrorReadLine();
        string Seen() { lock (output) return output.ToString(); }
        Assert.True(CrossbarProcess.WaitFor(() => ArrayJob().IsMatch(Seen()) || first.HasExited, Patience), Seen());
        string job = ArrayJob().Match(Seen()).Groups[1].Value;
        Assert.True(CrossbarProcess.WaitFor(() => File.Exists(Path.Combine(run, "checkpoints", $"{unit}.json")),
            Patience),
            "task 1 never checkpointed its unit");
        var cancel = SlurmCluster.Run("scancel", $"{job}_1");
        Assert.True(cancel.Code == 0, cancel.Output);
        Assert.True(first.WaitForExit(Patience), "submit --wait did not return");
        first.WaitForExit();
        Assert.Equal(1, first.ExitCode);
        Assert.Contains("did not run: not every shard succeeded (shard 1 (cancelled", Seen());
        Assert.False(File.Exists(Path.Combine(run, "models", $"{unit}.json")), "the task was cancelled mid-unit");
        Assert.False(File.Exists(Path.Combine(run, "results.json")));

        var again = CrossbarProcess.Run(Submit(command), timeout: Patience);
        Assert.True(again.Code == 0, $"{again.Out}\n{again.Err}");
        var single = CrossbarProcess.Run(Command("sweep defect-rate", config, P("cancel-single")), timeout: Patience);
        Assert.True(single.Code == 0, single.Err);
        AssertSameFiles(P("cancel-single"), run);
        AssertEachUnitTrainedOnce(run, new DefectRateSweep(rates, new CpuCompute()));
        // The resubmitted shards found the other units finished.
        var logs = Directory.GetFiles(Path.Combine(run, "slurm", "logs"), "shard-*.out").Select(File.ReadAllText);
        Assert.Contains(logs, l => l.Contains("unit statistics-aware-rate-0.01: already finished"));
    }
}
