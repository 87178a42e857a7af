using CrossbarLab.Experiments;

namespace CrossbarLab.Tests;

/// <summary>Small configurations for tests on real MNIST: the quick preset, shrunk further.</summary>
internal static class TestConfigs
{
    /// <summary>One epoch on 2,000 images, a few dies, a tiny analysis.</summary>
    public static RunConfig Tiny(ulong seed, int dies, int k)
    {
        var quick = RunConfig.Default.Quick();
        return quick with
        {
            Seed = seed,
            Experiment = quick.Experiment with { Dies = dies },
            Training = quick.Training with { Epochs = 1, TrainLimit = 2000, K = k },
            Analysis = new(quick.Analysis.Sensitivity with { Trials = 3 },
                quick.Analysis.Landscape with { GridPoints = 5, SharpnessDirections = 3, LinePoints = 3 }),
        };
    }
}
