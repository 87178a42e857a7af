using System.Text.Json.Nodes;
using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Experiments;
using CrossbarLab.IO;
using CrossbarLab.Model;
using CrossbarLab.Results;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Experiments;

/// <summary>The software baseline on real MNIST, end to end.</summary>
[Trait("data", "mnist")]
public class TrainRunTests
{
    [Fact]
    public void DefaultDieNetworkTrainsUnderFifteenPercentAndWritesTheRunFolder()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"crossbar-run-{Guid.NewGuid():N}");
        try
        {
            var run = new TrainRun(RunConfig.Default.ForCommand("train"), new CpuCompute());
            TrainRunResult result;
            using (var held = RunDirectory.Prepare(dir, force: false))
                result = run.Execute(held, resume: false);
            Assert.True(result.TestError < 0.15, $"default die network test error {result.TestError:P2}");
            foreach (var f in new[] { "config.json", "results.json", "timing.json", "model.json", "training-curve.png", "checkpoint.json" })
                Assert.True(File.Exists(Path.Combine(dir, f)), f);
            var results = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "results.json")))!;
            Assert.Equal("software", (string?)results["regime"]);
            Assert.Equal(result.TestError, (double)results["test_error"]!);
            Assert.Equal(30, results["epochs"]!.AsArray().Count);
            Assert.NotNull(results["epochs"]![0]!["train_loss"]);
            var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!;
            Assert.Equal(1UL, (ulong)config["seed"]!);
            // The saved model reproduces the reported error.
            var model = ModelFile.Load(Path.Combine(dir, "model.json"));
            var test = model.Spec.Preprocessing.Apply(Mnist.LoadTest(Mnist.FindFolder()));
            Assert.Equal(result.TestError, new PackedInference(model, new CpuCompute()).Error(test));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
