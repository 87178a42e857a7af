namespace CrossbarLab.Training;

/// <summary>
/// The <c>training</c> section of a run's configuration: the regime and its defect settings, and the hyperparameters of
/// minibatch Adam with the straight-through estimator. The seed of every draw is the run's (see the configuration root).
/// </summary>
/// <param name="Regime">Which defects <c>crossbar train</c> trains with: software (none), hardware-aware (one die's),
/// statistics-aware (K draws per step). Reproductions and sweeps train every regime they compare and ignore it.</param>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="BatchSize">Samples per minibatch.</param>
/// <param name="LearningRate">Adam's step size at the start (latent-weight units per step).</param>
/// <param name="FinalLearningRate">Step size reached at the end of the last epoch by the cosine schedule.</param>
/// <param name="Beta1">Adam's first-moment decay.</param>
/// <param name="Beta2">Adam's second-moment decay.</param>
/// <param name="Epsilon">Adam's denominator guard.</param>
/// <param name="InitScale">Latent weights start uniform in [−InitScale, InitScale].</param>
/// <param name="SteWindow">Half-width of the straight-through window, in units of √fan-in.</param>
/// <param name="TrainLimit">Use only the first N training samples (0 = all); for quick looks and tests.</param>
/// <param name="K">Statistics-aware: defect instances per step (the second dimension of the double batch).</param>
/// <param name="Pool">Statistics-aware: 0 for fresh defect maps every step; P &gt; 0 for a pool of P maps drawn once and cycled.</param>
/// <param name="Saturation">If set, the weight value (±, weight units) a single shorted device forces during training,
/// instead of the device-derived value: the reference paper's defect-saturation hyperparameter.</param>
public sealed record TrainingOptions(
    Regime Regime = Regime.Software,
    int Epochs = 30,
    int BatchSize = 100,
    float LearningRate = 0.002f,
    float FinalLearningRate = 0.00001f,
    float Beta1 = 0.9f,
    float Beta2 = 0.999f,
    float Epsilon = 1e-8f,
    float InitScale = 0.1f,
    float SteWindow = 0.7f,
    int TrainLimit = 0,
    int K = 32,
    int Pool = 0,
    double? Saturation = null)
{
    /// <summary>The section's name in the configuration tree.</summary>
    public const string Section = "training";

    /// <summary>The most defect instances per step a statistics-aware step may draw.</summary>
    public const int MaxInstances = 4096;

    /// <summary>
    /// The most rows of a double batch (K × batch size, samples × defect instances) a step may hold (2²⁰): the step's
    /// buffers are rows × layer width, so this keeps every one of them addressable with a 32-bit index.
    /// </summary>
    public const int MaxDoubleBatchRows = 1 << 20;

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Regime)) throw Invalid("regime", Regime, "use software, hardware-aware or statistics-aware.");
        if (Epochs is < 1 or > 100_000) throw Invalid("epochs", Epochs, "must be between 1 and 100,000.");
        if (BatchSize is < 1 or > 65536) throw Invalid("batch_size", BatchSize, "must be between 1 and 65,536.");
        if (!(LearningRate > 0) || !float.IsFinite(LearningRate)) throw Invalid("learning_rate", LearningRate, "must be positive.");
        if (!(FinalLearningRate > 0 && FinalLearningRate <= LearningRate))
            throw Invalid("final_learning_rate", FinalLearningRate, $"must be positive and at most the learning rate {LearningRate}.");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw Invalid("beta1", Beta1, "must lie in [0, 1).");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw Invalid("beta2", Beta2, "must lie in [0, 1).");
        if (!(Epsilon > 0) || !float.IsFinite(Epsilon)) throw Invalid("epsilon", Epsilon, "must be positive.");
        if (!(InitScale > 0 && InitScale <= 1)) throw Invalid("init_scale", InitScale, "must lie in (0, 1] (latent weights live in [−1, 1]).");
        if (!(SteWindow > 0) || !float.IsFinite(SteWindow)) throw Invalid("ste_window", SteWindow, "must be positive.");
        if (TrainLimit < 0) throw Invalid("train_limit", TrainLimit, "must be 0 (all) or positive.");
        if (K is < 1 or > MaxInstances) throw Invalid("k", K, $"K must be between 1 and {MaxInstances:N0}.");
        // Only statistics-aware training evaluates K instances per sample; the other regimes ignore K.
        if (Regime == Regime.StatisticsAware)
            CheckDoubleBatch(K);
        if (Pool is < 0 or > 1_000_000) throw Invalid("pool", Pool, "must be 0 (fresh maps every step) or a pool size up to 1,000,000.");
        if (Saturation is double s && !(s > 0 && s < 1000))
            throw Invalid("saturation", s, "must be a positive weight value below 1,000 (e.g. 2 to 10).");
    }

    /// <summary>Throws unless <paramref name="k"/> instances of this batch fit one double batch (a 64-bit product).</summary>
    /// <param name="setting">The setting K comes from, for the error (default <c>training.k</c>).</param>
    public void CheckDoubleBatch(int k, string setting = $"{Section}.k")
    {
        long rows = (long)k * BatchSize;
        if (rows > MaxDoubleBatchRows)
            throw new InvalidConfigurationException(setting, k, $"K × batch size = {rows:N0} rows per step, more than "
                + $"the {MaxDoubleBatchRows:N0} a double batch may hold; lower K or the batch size.");
    }

    /// <summary>The learning rate at step <paramref name="step"/> of <paramref name="totalSteps"/>: cosine decay from LearningRate to FinalLearningRate.</summary>
    public float LearningRateAt(long step, long totalSteps)
    {
        double progress = totalSteps <= 1 ? 1 : Math.Min(1.0, (double)step / (totalSteps - 1));
        return (float)(FinalLearningRate + 0.5 * (LearningRate - FinalLearningRate) * (1 + Math.Cos(Math.PI * progress)));
    }

    private static InvalidConfigurationException Invalid(string field, object? value, string rule) => new($"{Section}.{field}", value, rule);
}
