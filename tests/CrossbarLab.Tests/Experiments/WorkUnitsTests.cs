using CrossbarLab.Compute;
using CrossbarLab.Experiments;
using CrossbarLab.IO;

namespace CrossbarLab.Tests.Experiments;

/// <summary>Work units, shards and the merge, in one process: the same files as a whole run, byte for byte.</summary>
[Trait("data", "mnist")]
public class WorkUnitsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-units").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private string P(string name) => Path.Combine(_dir, name);

    private static RunConfig Rates()
    {
        var tiny = TestConfigs.Tiny(5, dies: 3, k: 2).ForCommand("sweep defect-rate");
        return tiny with { Experiment = tiny.Experiment with { Rates = [0.002, 0.01, 0.02] } };
    }

    /// <summary>
    /// Runs every shard of <paramref name="count"/> one after the other into <paramref name="folder"/>.
    /// </summary>
    private static List<ShardReport> Shards(IShardedExperiment experiment, string folder, int count)
    {
        var reports = new List<ShardReport>();
        for (int i = 0; i < count; i++)
        {
            using var dir = RunDirectory.PrepareShared(folder);
            reports.Add(experiment.RunShard(dir, new Shard(i, count)));
        }
        return reports;
    }

    private static void AssertSameFiles(string expected, string actual, params string[] files)
    {
        foreach (string file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(expected,
                file)).SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))),
                $"{file} differs");
    }

    [Fact]
    public void ShardsOwnEveryUnitOnceByPosition()
    {
        var names = new DefectRateSweep(Rates(), new CpuCompute()).UnitNames();
        Assert.Equal(["software", "statistics-aware-rate-0.002", "statistics-aware-rate-0.01",
            "statistics-aware-rate-0.02"], names);
        for (int count = 1; count <= 5; count++)
        {
            var owners = Enumerable.Range(0, names.Count)
                .Select(p => Enumerable.Range(0, count).Single(i => new Shard(i, count).Owns(p))).ToList();
            // Round robin: positions 0, N, 2N, … to shard 0, and so on.
            Assert.Equal(Enumerable.Range(0, names.Count).Select(p => p % count), owners);
        }
        Assert.Throws<InvalidConfigurationException>(() => new Shard(4, 4).Validate());
        Assert.Throws<InvalidConfigurationException>(() => new Shard(-1, 4).Validate());
        Assert.Throws<InvalidConfigurationException>(() => new Shard(0, 0).Validate());
    }

    [Fact]
    public void ASweepRunInShardsAndMergedIsByteIdenticalToOneProcess()
    {
        var sweep = new DefectRateSweep(Rates(), new CpuCompute());
        using (var dir = RunDirectory.Prepare(P("whole"), force: false))
            sweep.Run(dir, resume: false);

        var reports = Shards(sweep, P("sharded"), 3);
        Assert.Equal([2, 1, 1], reports.Select(r => r.Units.Count));
        Assert.All(reports.SelectMany(r => r.Units), u => Assert.Equal(UnitState.Trained, u.State));
        Assert.False(File.Exists(Path.Combine(P("sharded"), "results.json")), "a shard writes no results");
        // A shard run again finds its units finished and trains nothing.
        var again = Shards(sweep, P("sharded"), 3);
        Assert.All(again.SelectMany(r => r.Units), u => Assert.Equal(UnitState.AlreadyFinished, u.State));

        using (var dir = RunDirectory.Prepare(P("sharded"), force: false, resume: true))
            sweep.Merge(dir);
        AssertSameFiles(P("whole"), P("sharded"), "config.json", "results.json", "models/software.json",
            "models/statistics-aware-rate-0.01.json", "defect-rate-sweep.png");
    }

    [Fact]
    public void AMergeRefusesARunWithUnfinishedUnitsAndWritesNothing()
    {
        var sweep = new DefectRateSweep(Rates(), new CpuCompute());
        using (var dir = RunDirectory.PrepareShared(P("partial")))
            sweep.RunShard(dir, new Shard(0, 2));
        using (var dir = RunDirectory.Prepare(P("partial"), force: false, resume: true))
        {
            var e = Assert.Throws<CrossbarLabException>(() => sweep.Merge(dir));
            Assert.Contains("2 of 4 work units have not finished", e.Message);
            Assert.Contains("statistics-aware-rate-0.002, statistics-aware-rate-0.02", e.Message);
        }
        Assert.False(File.Exists(Path.Combine(P("partial"), "results.json")));
        Assert.False(File.Exists(Path.Combine(P("partial"), "models", "statistics-aware-rate-0.002.json")),
            "the merge trains nothing");
    }

    [Fact]
    public void AShardRefusesAFolderOfAnotherRun()
    {
        var sweep = new DefectRateSweep(Rates(), new CpuCompute());
        using (var dir = RunDirectory.PrepareShared(P("mixed")))
            sweep.RunShard(dir, new Shard(1, 4));
        var other = Rates() with { Seed = 6 };
        using var again = RunDirectory.PrepareShared(P("mixed"));
        var e = Assert.Throws<InvalidConfigurationException>(() => new DefectRateSweep(other,
            new CpuCompute()).RunShard(again, new Shard(0, 4)));
        Assert.Contains("seed is 5 there, 6 here", e.Message);
        Assert.False(File.Exists(Path.Combine(P("mixed"), "models", "software.json")));
    }

    [Fact]
    public void AShardRefusesAFolderThatHoldsSomethingElse()
    {
        Directory.CreateDirectory(P("home"));
        File.WriteAllText(Path.Combine(P("home"), "notes.txt"), "mine");
        using var dir = RunDirectory.PrepareShared(P("home"));
        var e = Assert.Throws<InvalidDataFileException>(() => new DefectRateSweep(Rates(),
            new CpuCompute()).RunShard(dir, new Shard(0, 1)));
        Assert.Contains("not a run that can be resumed", e.Message);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(P("home")).Select(Path.GetFileName)
            .Where(n => n != RunDirectory.LockFileName && n != UnitLock.Folder));
    }
}
