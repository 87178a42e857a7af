using System.Diagnostics;
using System.Text.RegularExpressions;
using CrossbarLab.Data;
using CrossbarLab.Experiments;

namespace CrossbarLab.Tests.Reliability;

/// <summary>
/// Real <c>crossbar … --shard I/N</c> processes on one run folder, without Slurm: several at once (two of them the same
/// shard), and one killed mid-unit and run again; each time the merge writes the single process's files byte for byte,
/// and no unit is trained to the end twice.
/// </summary>
[Trait("data", "mnist")]
public partial class ConcurrentShardsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-shards").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    [GeneratedRegex(@"^unit (\S+): trained", RegexOptions.Multiline)]
    internal static partial Regex TrainedLine();

    /// <summary>A tiny rate sweep (one epoch on 2,000 images, 3 dies) as a config file.</summary>
    private string Config(int epochs = 1, int trainLimit = 2000)
    {
        var tiny = TestConfigs.Tiny(7, dies: 3, k: 2).ForCommand("sweep defect-rate");
        var config = tiny with
        {
            Experiment = tiny.Experiment with { Rates = [0.002, 0.005, 0.01, 0.02] },
            Training = tiny.Training with { Epochs = epochs, TrainLimit = trainLimit },
        };
        string path = P($"config-{epochs}-{trainLimit}.json");
        File.WriteAllText(path, ConfigFile.ToJson(config));
        return path;
    }

    private static string[] Sweep(string config, string output) =>
        ["sweep", "defect-rate", "--config", config, "--data", Mnist.FindFolder(), "--out", output];

    private static void AssertSameFiles(string expected, string actual)
    {
        var files = new[] { "config.json", "results.json", "defect-rate-spread.png" }
            .Concat(Models(expected));
        foreach (string file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(expected,
                file)).SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))),
                $"{file} differs");
    }

    /// <summary>
    /// The run's trained models (not their histories, which hold wall-clock seconds), as paths in the run.
    /// </summary>
    internal static IEnumerable<string> Models(string run) =>
        Directory.GetFiles(Path.Combine(run, "models"), "*.json").Where(f => !f.EndsWith(".history.json",
            StringComparison.Ordinal))
            .Select(f => Path.Combine("models", Path.GetFileName(f)));

    /// <summary>How often each unit was reported trained to the end in <paramref name="outputs"/>.</summary>
    internal static Dictionary<string, int> Completions(IEnumerable<string> outputs) =>
        outputs.SelectMany(o => TrainedLine().Matches(o)).GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key,
            g => g.Count());

    [Fact]
    public async Task ShardProcessesAtOnceOnOneFolderMergeToTheSingleProcessFiles()
    {
        string config = Config();
        var single = CrossbarProcess.Run(Sweep(config, P("single")));
        Assert.True(single.Code == 0, single.Err);

        // Four shards and a second process for shards 1 and 3, all started together on one folder.
        int[] shards = [0, 1, 2, 3, 1, 3];
        var children = shards.Select(i => CrossbarProcess.Start([.. Sweep(config, P("sharded")), "--shard",
            $"{i}/4"])).ToList();
        var outputs = children.Select(c => (Out: c.StandardOutput.ReadToEndAsync(),
            Err: c.StandardError.ReadToEndAsync())).ToList();
        for (int i = 0; i < children.Count; i++)
        {
            Assert.True(children[i].WaitForExit(TimeSpan.FromMinutes(3)), $"shard {shards[i]} did not finish");
            Assert.True(children[i].ExitCode == 0, $"shard {shards[i]}: {await outputs[i].Err}");
            children[i].Dispose();
        }
        var merge = CrossbarProcess.Run(["merge", P("sharded")]);
        Assert.True(merge.Code == 0, merge.Err);

        AssertSameFiles(P("single"), P("sharded"));
        var units = new[] { "software", "statistics-aware-rate-0.002", "statistics-aware-rate-0.005",
            "statistics-aware-rate-0.01", "statistics-aware-rate-0.02" };
        Assert.Equal(units.ToDictionary(u => u, _ => 1), Completions(outputs.Select(o => o.Out.Result)));
        Assert.DoesNotContain("trained", merge.Out);
        var leftovers = Directory.EnumerateFiles(P("sharded"), "*.tmp", SearchOption.AllDirectories);
        Assert.False(leftovers.Any(), "temporary files left");
    }

    [Fact]
    public void AShardKilledMidUnitContinuesFromItsCheckpointWhenRunAgain()
    {
        string config = Config(epochs: 4, trainLimit: 6000);
        string sharded = P("killed");
        string[] shard = [.. Sweep(config, sharded), "--shard", "0/1"];
        using (var child = CrossbarProcess.StartDrained(shard))
        {
            // Kill -9 once the first unit has a checkpoint but no model: mid-unit.
            string checkpoint = Path.Combine(sharded, "checkpoints", "software.json");
            Assert.True(CrossbarProcess.WaitFor(() => File.Exists(checkpoint) || child.HasExited,
                TimeSpan.FromMinutes(2)));
            Assert.False(child.HasExited, "the shard finished before it could be killed");
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        string last = Path.Combine(sharded, "models", "statistics-aware-rate-0.02.json");
        Assert.False(File.Exists(last), "killed before the end");
        var merge = CrossbarProcess.Run(["merge", sharded]);
        Assert.Equal(1, merge.Code);
        Assert.Contains("work units have not finished", merge.Err);

        var again = CrossbarProcess.Run(shard);
        Assert.True(again.Code == 0, again.Err);
        merge = CrossbarProcess.Run(["merge", sharded]);
        Assert.True(merge.Code == 0, merge.Err);
        var single = CrossbarProcess.Run(Sweep(config, P("single")));
        Assert.True(single.Code == 0, single.Err);
        AssertSameFiles(P("single"), sharded);
    }
}
