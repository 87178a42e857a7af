using System.Text.Json.Serialization;

namespace CrossbarLab.Training;

/// <summary>Hyperparameters of a training run. Every random draw derives from <see cref="Seed"/>.</summary>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="BatchSize">Samples per minibatch.</param>
/// <param name="LearningRate">Adam's step size at the start (latent-weight units per step).</param>
/// <param name="FinalLearningRate">Step size reached at the end of the last epoch by the cosine schedule.</param>
/// <param name="Beta1">Adam's first-moment decay.</param>
/// <param name="Beta2">Adam's second-moment decay.</param>
/// <param name="Epsilon">Adam's denominator guard.</param>
/// <param name="InitScale">Latent weights start uniform in [−InitScale, InitScale].</param>
/// <param name="SteWindow">Half-width of the straight-through window, in units of √fan-in.</param>
/// <param name="Seed">Seed of every random stream of the run (initialisation, shuffling).</param>
/// <param name="TrainLimit">Use only the first N training samples (0 = all); for quick looks and tests.</param>
public sealed record TrainingOptions(
    [property: JsonPropertyName("epochs")] int Epochs = 30,
    [property: JsonPropertyName("batch_size")] int BatchSize = 100,
    [property: JsonPropertyName("learning_rate")] float LearningRate = 0.002f,
    [property: JsonPropertyName("final_learning_rate")] float FinalLearningRate = 0.00001f,
    [property: JsonPropertyName("beta1")] float Beta1 = 0.9f,
    [property: JsonPropertyName("beta2")] float Beta2 = 0.999f,
    [property: JsonPropertyName("epsilon")] float Epsilon = 1e-8f,
    [property: JsonPropertyName("init_scale")] float InitScale = 0.1f,
    [property: JsonPropertyName("ste_window")] float SteWindow = 0.7f,
    [property: JsonPropertyName("seed")] ulong Seed = 1,
    [property: JsonPropertyName("train_limit")] int TrainLimit = 0)
{
    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new InvalidConfigurationException($"epochs {Epochs} must be at least 1.");
        if (BatchSize is < 1 or > 65536) throw new InvalidConfigurationException($"batch size {BatchSize} must be between 1 and 65,536.");
        if (!(LearningRate > 0) || !float.IsFinite(LearningRate)) throw new InvalidConfigurationException($"learning rate {LearningRate} must be positive.");
        if (!(FinalLearningRate > 0 && FinalLearningRate <= LearningRate)) throw new InvalidConfigurationException($"final learning rate {FinalLearningRate} must be positive and at most the learning rate {LearningRate}.");
        if (!(Beta1 >= 0 && Beta1 < 1) || !(Beta2 >= 0 && Beta2 < 1)) throw new InvalidConfigurationException("Adam's beta1 and beta2 must lie in [0, 1).");
        if (!(Epsilon > 0)) throw new InvalidConfigurationException($"epsilon {Epsilon} must be positive.");
        if (!(InitScale > 0 && InitScale <= 1)) throw new InvalidConfigurationException($"init scale {InitScale} must lie in (0, 1] (latent weights live in [−1, 1]).");
        if (!(SteWindow > 0) || !float.IsFinite(SteWindow)) throw new InvalidConfigurationException($"STE window {SteWindow} must be positive.");
        if (TrainLimit < 0) throw new InvalidConfigurationException($"train limit {TrainLimit} must be 0 (all) or positive.");
    }

    /// <summary>The learning rate at step <paramref name="step"/> of <paramref name="totalSteps"/>: cosine decay from LearningRate to FinalLearningRate.</summary>
    public float LearningRateAt(long step, long totalSteps)
    {
        double progress = totalSteps <= 1 ? 1 : Math.Min(1.0, (double)step / (totalSteps - 1));
        return (float)(FinalLearningRate + 0.5 * (LearningRate - FinalLearningRate) * (1 + Math.Cos(Math.PI * progress)));
    }
}
