using System.Text.Json.Nodes;
using CrossbarLab.Analysis;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Experiments;

/// <summary>The reproduction pipeline on real MNIST, at a tiny size.</summary>
[Trait("data", "mnist")]
public class ReproductionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crossbar-repro").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly RunConfig Tiny = TestConfigs.Tiny(3, dies: 3, k: 2).ForCommand("reproduce");

    private string RunInto(string name, bool resume = false)
    {
        using var dir = RunDirectory.Prepare(Path.Combine(_dir, name), force: true, resume: resume);
        new Reproduction(Tiny, new CpuCompute()).Run(dir, resume);
        return dir.Path;
    }

    [Fact]
    public void WritesTheContractAndIsReproducibleResumableAndShardable()
    {
        string a = RunInto("a");
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(a, "results.json")))!;
        Assert.InRange((double)results["baseline_test_error"]!, 0, 1);
        foreach (var method in new[] { "software", "hardware_aware", "statistics_aware" })
        {
            var m = results["methods"]![method]!;
            var errors = m["die_errors"]!.AsArray().Select(e => (double)e!).ToList();
            Assert.Equal(3, errors.Count);
            Assert.Equal(errors.Average(), (double)m["mean"]!, 12);
            Assert.NotNull(m["std"]);
        }
        var matrix = results["transfer_matrix"]!.AsArray();
        Assert.Equal(3, matrix.Count);
        // The hardware-aware die errors are the transfer matrix's diagonal.
        for (int i = 0; i < 3; i++)
            Assert.Equal((double)matrix[i]![i]!, (double)results["methods"]!["hardware_aware"]!["die_errors"]![i]!);
        foreach (var f in new[] { "report.html", "die-errors.png", "transfer-matrix.png", "error-vs-defects.png", "training-curves.png", "config.json", "dies/summary.json" })
            Assert.True(File.Exists(Path.Combine(a, f)), f);
        string html = File.ReadAllText(Path.Combine(a, "report.html"));
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("within 2 points", html);

        // The analysis contract: analysis.<method>.sharpness and .sensitivity (rate, mean_error), rate 0 being the ideal error.
        var analysis = results["analysis"]!;
        var byDefects = results["dies"]!.AsArray().OrderBy(d => (int)d!["defective_devices"]!).Select(d => (string)d!["name"]!).ToList();
        Assert.Equal(byDefects[1], (string?)analysis["hardware_aware_die"]); // the median die of three by defect count
        foreach (var method in new[] { "software", "hardware_aware", "statistics_aware" })
        {
            var m = analysis[method]!;
            Assert.True(double.IsFinite((double)m["sharpness"]!));
            Assert.Equal((double)m["sharpness"]!, (double)m["sharpness_by_space"]!["effective"]!["loss_increase"]!);
            var curve = m["sensitivity"]!.AsArray();
            Assert.Equal(0.0, (double)curve[0]!["rate"]!);
            Assert.InRange((double)curve[^1]!["mean_error"]!, 0, 1);
        }
        Assert.Equal((double)results["baseline_test_error"]!, (double)analysis["software"]!["sensitivity"]![0]!["mean_error"]!);
        Assert.NotNull(analysis["claims"]!["statistics_aware_flatter_than_software"]);
        foreach (var f in new[] { "analysis.json", "sensitivity-defects.png", "landscape-latent-1d-error.png", "landscape-effective-2d-statistics-aware.png" })
            Assert.True(File.Exists(Path.Combine(a, f)), f);
        Assert.Contains("Why it works", html);

        // Same config, same numbers.
        string b = RunInto("b");
        Assert.Equal(File.ReadAllText(Path.Combine(a, "results.json")), File.ReadAllText(Path.Combine(b, "results.json")));

        // Interrupted after some stages (models removed): resuming ends with the same numbers.
        File.Delete(Path.Combine(b, "models", "statistics-aware.json"));
        File.Delete(Path.Combine(b, "models", "hardware-aware-die-01.json"));
        File.Delete(Path.Combine(b, "results.json"));
        RunInto("b", resume: true);
        Assert.Equal(File.ReadAllText(Path.Combine(a, "results.json")), File.ReadAllText(Path.Combine(b, "results.json")));

        // Every model the run trained, the deployment stage's included, is a declared work unit (and no other is).
        var reproduction = new Reproduction(Tiny, new CpuCompute());
        var trained = Directory.GetFiles(Path.Combine(a, "models"), "*.json").Select(Path.GetFileName)
            .Where(f => !f!.EndsWith(".history.json")).Select(f => f![..^".json".Length]);
        Assert.Equal(trained.Order(), reproduction.UnitNames().Order());
        // Run as three shards and merged, the same files byte for byte.
        string sharded = Path.Combine(_dir, "sharded");
        for (int i = 0; i < 3; i++)
        {
            using var shard = RunDirectory.PrepareShared(sharded);
            reproduction.RunShard(shard, new Shard(i, 3));
        }
        Assert.False(Directory.Exists(Path.Combine(sharded, "dies")), "shards draw the dies in memory");
        using (var dir = RunDirectory.Prepare(sharded, force: false, resume: true))
            reproduction.Merge(dir);
        string[] same = ["config.json", "results.json", "analysis.json", "dies/summary.json",
            "models/hardware-aware-first-die-02.json"];
        foreach (var file in same)
        {
            byte[] expected = File.ReadAllBytes(Path.Combine(a, file));
            Assert.True(expected.SequenceEqual(File.ReadAllBytes(Path.Combine(sharded, file))), file);
        }
    }

    [Theory]
    [InlineData("experiment.dies")]
    [InlineData("training.k")]
    [InlineData("network")]
    public void ImpossibleConfigurationsAreRefused(string what)
    {
        var bad = what switch
        {
            "experiment.dies" => Tiny with { Experiment = Tiny.Experiment with { Dies = 1 } },
            "training.k" => Tiny with { Training = Tiny.Training with { K = 0 } },
            _ => Tiny with { Network = Tiny.Net with { Hidden = [500] } },
        };
        var e = Assert.Throws<InvalidConfigurationException>(() => new Reproduction(bad, new CpuCompute()).Validate());
        if (what != "network") Assert.Equal(what, e.Setting);
    }
}
