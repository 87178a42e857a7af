namespace CrossbarLab.Experiments;

/// <summary>
/// The <c>bench</c> section: how long and what <c>crossbar bench</c> measures. The network is the configuration's
/// <c>network</c> (image size and hidden layers) and the minibatch its <c>training.batch_size</c>.
/// </summary>
/// <param name="Seconds">Minimum measuring time per figure, seconds.</param>
/// <param name="InstanceCounts">K values of the statistics-aware rows.</param>
/// <param name="DefectRate">Mean fraction of defective devices of the statistics-aware rows (the reference mix of kinds, scaled).</param>
/// <param name="Dies">Dies of the evaluation row (one network on every die, as a reproduction evaluates it), drawn
/// from the configuration's population.</param>
/// <param name="Images">Test images of the evaluation row (generated, not MNIST).</param>
/// <param name="Reproduce">Also time <c>crossbar reproduce</c> on MNIST on each backend, once: none, quick (the
/// <c>--quick</c> preset over this configuration) or full (this configuration as it is), the
/// <c>reproduce.quick</c> or <c>reproduce.full</c> row, in seconds of wall clock.</param>
public sealed record BenchSettings(double Seconds, int[] InstanceCounts, double DefectRate, int Dies = 36,
    int Images = 10_000, string Reproduce = "none")
{
    /// <summary>The values of <see cref="Reproduce"/>.</summary>
    public static IReadOnlyList<string> ReproduceModes { get; } = ["none", "quick", "full"];

    /// <summary>The section's name in the configuration tree.</summary>
    public const string Section = "bench";

    /// <summary>2 s per figure; K = 1, 8, 32, 128; 1 % defective devices; 36 dies × 10,000 images.</summary>
    public static BenchSettings Default { get; } = new(2.0, [1, 8, 32, 128], 0.01);

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (!(Seconds > 0 && Seconds <= 3600)) throw new InvalidConfigurationException($"{Section}.seconds", Seconds, "must be positive (at most an hour).");
        if (InstanceCounts is null || InstanceCounts.Length == 0 || InstanceCounts.Any(k => k is < 1 or > Training.TrainingOptions.MaxInstances))
            throw new InvalidConfigurationException($"{Section}.instance_counts", InstanceCounts,
                $"K must be between 1 and {Training.TrainingOptions.MaxInstances:N0}.");
        if (!(DefectRate >= 0 && DefectRate <= 1))
            throw new InvalidConfigurationException($"{Section}.defect_rate", DefectRate, "must be a fraction in [0, 1] (0.01 = 1 %).");
        if (Dies is < 1 or > 1000)
            throw new InvalidConfigurationException($"{Section}.dies", Dies, "must be between 1 and 1,000.");
        if (Images is < 1 or > 100_000)
            throw new InvalidConfigurationException($"{Section}.images", Images, "must be between 1 and 100,000.");
        if (!ReproduceModes.Contains(Reproduce))
            throw new InvalidConfigurationException($"{Section}.reproduce", Reproduce, "choose none, quick or full.");
    }
}
