using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// Limits on combinations of settings, each valid alone, whose product would overflow a 32-bit size or exhaust memory
/// hours into a run: the double batch (K × batch rows times the layer widths), a pool of defect maps (its size times the
/// defective cells of one map), and a population of dies (dies × devices). All products are computed in 64 bits and
/// checked with the configuration, before anything runs. Each limit applies to the commands that use those settings.
/// </summary>
internal static class SizeBudget
{
    /// <summary>The most memory the buffers of one training step may take (estimated from network and double batch).</summary>
    public const long MaxStepBytes = 8L << 30;

    /// <summary>The most elements one buffer may hold (.NET's largest array).</summary>
    public const long MaxBufferElements = 0x7FFFFFC7;

    /// <summary>The most memory a pool of defect maps may take (estimated from the population's defect rates).</summary>
    public const long MaxPoolBytes = 4L << 30;

    /// <summary>The most devices a population of dies held at once may have (about 10 bytes each: 2.7 GB).</summary>
    public const long MaxPopulationDevices = 1L << 28;

    /// <summary>Bytes a defect map's cell takes in a pool (cell index and the effective weights of both signs).</summary>
    private const int PoolCellBytes = 12;

    /// <summary>Throws <see cref="InvalidConfigurationException"/> for the first product over its limit.</summary>
    public static void Check(RunConfig config)
    {
        var training = config.Training;
        bool statisticsAware = training.Regime == Regime.StatisticsAware || TrainsEveryRegime(config.Command);
        if (config.Network is { } spec)
        {
            if (config.Command == "bench")
                foreach (int k in config.Bench.InstanceCounts)
                    Step(spec, training, k, $"{BenchSettings.Section}.instance_counts");
            else if (statisticsAware)
                Step(spec, training, training.K, $"{TrainingOptions.Section}.k");
            if (statisticsAware && training.Pool > 0)
                Pool(config, spec);
        }
        if (config.Command == "fab" || TrainsEveryRegime(config.Command))
        {
            long devices = (long)config.Experiment.Dies * config.Array.DeviceCount;
            if (devices > MaxPopulationDevices)
                throw new InvalidConfigurationException($"{ExperimentSettings.Section}.dies", config.Experiment.Dies,
                    $"{config.Experiment.Dies:N0} dies of {config.Array.DeviceCount:N0} devices are {devices:N0} devices, "
                    + $"more than the {MaxPopulationDevices:N0} a population may hold; draw fewer or smaller dies.");
        }
    }

    /// <summary>
    /// Reproductions and sweeps train every regime they compare whatever <c>training.regime</c> says, so the
    /// statistics-aware limits apply to them always.
    /// </summary>
    private static bool TrainsEveryRegime(string command) => command == "reproduce" || command.StartsWith("sweep ");

    /// <summary>The buffers of one step of <paramref name="k"/> instances: double batch and per-instance gradients.</summary>
    private static void Step(NetworkSpec spec, TrainingOptions training, int k, string setting)
    {
        training.CheckDoubleBatch(k, setting);
        long rows = (long)k * training.BatchSize;
        var widths = spec.Widths;
        long floats = 0;
        long largest = 0;
        for (int l = 0; l + 1 < widths.Length; l++)
        {
            long weights = (long)widths[l] * widths[l + 1];
            // z, activations and their gradients (rows × outputs each), input gradients (rows × inputs), one weight
            // gradient per instance, and the weights themselves with Adam's two moments.
            floats += rows * (4L * widths[l + 1] + widths[l]) + (k > 1 ? k * weights : 0) + 4 * weights;
            largest = Math.Max(largest, Math.Max(rows * Math.Max(widths[l], widths[l + 1]), k * weights));
        }
        long bytes = 4 * floats;
        if (largest > MaxBufferElements || bytes > MaxStepBytes)
            throw new InvalidConfigurationException(setting, k, $"a training step of K = {k} instances × "
                + $"{training.BatchSize} samples on a {spec.Shape} network needs about {Gib(bytes)} of buffers (largest "
                + $"{largest:N0} values), more than the {Gib(MaxStepBytes)} allowed; lower K, the batch size or the "
                + "network.");
    }

    /// <summary>A pool of defect maps: about 2 × (point and line failure rates) of the cells are defective in each.</summary>
    private static void Pool(RunConfig config, NetworkSpec spec)
    {
        var p = config.Population;
        double fraction = Math.Min(1, 2 * (p.TotalPointRate + p.RowLineFailureRate + p.ColumnLineFailureRate));
        double cells = Math.Max(1, spec.WeightCount * fraction);
        double bytes = config.Training.Pool * cells * PoolCellBytes;
        if (bytes > MaxPoolBytes)
            throw new InvalidConfigurationException($"{TrainingOptions.Section}.pool", config.Training.Pool,
                $"a pool of {config.Training.Pool:N0} defect maps of this network and population needs about "
                + $"{Gib((long)bytes)}, more than the {Gib(MaxPoolBytes)} allowed; use a smaller pool (or 0, fresh maps).");
    }

    private static string Gib(long bytes) => $"{bytes / (double)(1L << 30):F1} GiB";
}
