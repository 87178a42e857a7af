using System.Text.Json.Nodes;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Results;

/// <summary>What one <c>crossbar train</c> run measured.</summary>
/// <param name="Regime">The training regime.</param>
/// <param name="Backend">Name of the compute backend that ran it.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Spec">The network.</param>
/// <param name="Training">The trained network and its per-epoch history.</param>
/// <param name="TrainSamples">Training images used per epoch.</param>
/// <param name="TestSamples">Test images evaluated.</param>
/// <param name="DefectSource">Description of the defects training saw (regime and every setting of the draws).</param>
/// <param name="DieTestError">Hardware-aware runs: the solution's test error on its own die; null otherwise.</param>
/// <param name="WallSeconds">Wall-clock duration of the run (timing.json only: it varies).</param>
public sealed record TrainRunResult(Regime Regime, string Backend, ulong Seed, NetworkSpec Spec, TrainingResult Training,
    int TrainSamples, int TestSamples, string DefectSource, double? DieTestError, double WallSeconds)
{
    /// <summary>Test error of the ideal network after the last epoch (fraction).</summary>
    public double TestError => Training.TestError;

    /// <summary>results.json: deterministic outcomes only, so re-running the config reproduces the file exactly.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["command"] = "train",
            ["regime"] = Regime.Name(),
            ["backend"] = Backend,
            ["seed"] = Seed,
            ["network"] = new JsonObject
            {
                ["shape"] = Spec.Shape,
                ["weights"] = Spec.WeightCount,
                ["devices_differential"] = Spec.DifferentialDeviceCount,
            },
            ["test_error"] = TestError,
            ["train_samples"] = TrainSamples,
            ["test_samples"] = TestSamples,
            ["epochs"] = new JsonArray(Training.Epochs.Select(e => (JsonNode)new JsonObject
            {
                ["epoch"] = e.Epoch,
                ["train_loss"] = e.TrainLoss,
                ["train_error"] = e.TrainError,
                ["test_error"] = e.TestError,
                ["learning_rate"] = e.LearningRate,
            }).ToArray()),
            ["defect_source"] = DefectSource,
        };
        if (DieTestError is double e) o["die_test_error"] = e;
        return o;
    }

    /// <summary>timing.json: durations, which vary from run to run, kept apart from results.json.</summary>
    public JsonObject TimingJson() => new()
    {
        ["wall_seconds"] = WallSeconds,
        ["train_seconds"] = Training.Epochs.Sum(e => e.Seconds),
        ["epoch_seconds"] = new JsonArray(Training.Epochs.Select(e => (JsonNode)e.Seconds).ToArray()),
    };
}
