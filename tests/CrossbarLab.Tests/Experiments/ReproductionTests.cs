using System.Text.Json.Nodes;
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

    private static readonly ReproductionConfig Tiny = ReproductionConfig.Quick(3) with
    {
        Dies = 3, K = 2, Training = new TrainingOptions(Epochs: 1, TrainLimit: 2000, Seed: 3),
    };

    private string RunInto(string name, bool resume = false)
    {
        var dir = RunDirectory.Prepare(Path.Combine(_dir, name), force: true, resume: resume);
        new Reproduction(Tiny, Mnist.FindFolder(), new CpuCompute()).Run(dir, resume);
        return dir.Path;
    }

    [Fact]
    public void WritesTheContractAndIsReproducibleAndResumable()
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
        Assert.Contains("within 2 %", html);

        // Same config, same numbers.
        string b = RunInto("b");
        Assert.Equal(File.ReadAllText(Path.Combine(a, "results.json")), File.ReadAllText(Path.Combine(b, "results.json")));

        // Interrupted after some stages (models removed): resuming ends with the same numbers.
        File.Delete(Path.Combine(b, "models", "statistics-aware.json"));
        File.Delete(Path.Combine(b, "models", "hardware-aware-die-01.json"));
        File.Delete(Path.Combine(b, "results.json"));
        RunInto("b", resume: true);
        Assert.Equal(File.ReadAllText(Path.Combine(a, "results.json")), File.ReadAllText(Path.Combine(b, "results.json")));
    }

    [Fact]
    public void ImpossibleConfigurationsAreRefused()
    {
        Assert.Throws<InvalidConfigurationException>(() => (Tiny with { Dies = 1 }).Validate());
        Assert.Throws<InvalidConfigurationException>(() => (Tiny with { K = 0 }).Validate());
        Assert.Throws<InvalidConfigurationException>(() => (Tiny with { Network = Tiny.Network with { Hidden = [500] } }).Validate());
    }
}
