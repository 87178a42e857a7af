using System.Globalization;

namespace CrossbarLab.Experiments;

/// <summary>The <c>experiment</c> section: the size of a population experiment and the values its sweeps take.</summary>
/// <param name="Dies">Dies drawn for <c>fab</c>, <c>reproduce</c> and every sweep.</param>
/// <param name="SaturationValues">Training saturation values of <c>sweep saturation</c> (weight units; the device-derived
/// value is always added).</param>
/// <param name="Rates">Population-mean fractions of defective devices of <c>sweep defect-rate</c> (0.01 = 1 %).</param>
/// <param name="PopulationSeed">Seed of the dies alone (null: the run's seed): a second population for the same trained solutions.</param>
public sealed record ExperimentSettings(int Dies, double[] SaturationValues, double[] Rates, ulong? PopulationSeed = null)
{
    /// <summary>The section's name in the configuration tree.</summary>
    public const string Section = "experiment";

    /// <summary>
    /// 36 dies as the reference paper; saturation 1–32, well past the device-derived short weight (about 6 with the
    /// STT-MRAM preset; 13.6 with strong shorts), so the trade-off is seen to its end; rates from a few defective devices
    /// per die to twice the reference.
    /// </summary>
    public static ExperimentSettings Default { get; } =
        new(36, [1, 2, 3, 4, 6, 8, 12, 16, 24, 32], [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02]);

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (Dies is < 1 or > 10_000) throw new InvalidConfigurationException($"{Section}.dies", Dies, "must be between 1 and 10,000.");
        if (SaturationValues is null || SaturationValues.Length == 0 || SaturationValues.Any(v => !(v > 0 && v < 1000)))
            throw new InvalidConfigurationException($"{Section}.saturation_values", SaturationValues,
                "must be positive saturation values below 1,000, e.g. 1,2,4,8.");
        if (Rates is null || Rates.Length == 0 || Rates.Any(r => !(r >= 0 && r <= 0.5)))
            throw new InvalidConfigurationException($"{Section}.rates", Rates,
                "must be fractions of defective devices in [0, 0.5], e.g. 0.001,0.005,0.01 (0.01 = 1 %).");
        // Each value is one training, named by the value (a work unit), so a repeated value would be one unit twice.
        var labels = SaturationValues.Select(v => v.ToString("G6", CultureInfo.InvariantCulture));
        if (labels.Distinct().Count() < SaturationValues.Length)
            throw new InvalidConfigurationException($"{Section}.saturation_values", SaturationValues,
                "must not repeat a value (to 6 significant digits): each value is trained once.");
        if (Rates.Distinct().Count() < Rates.Length)
            throw new InvalidConfigurationException($"{Section}.rates", Rates,
                "must not repeat a rate: each rate is trained once.");
    }
}
