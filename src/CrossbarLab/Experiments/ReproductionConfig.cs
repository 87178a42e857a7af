using System.Text.Json.Serialization;
using CrossbarLab.Analysis;
using CrossbarLab.Devices;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// Everything <c>crossbar reproduce</c> does, as one value recorded in its config.json: the population of dies, the
/// network, the training of each method, and the statistics-aware settings. One seed drives every draw.
/// </summary>
/// <param name="Dies">Number of dies in the population.</param>
/// <param name="Statistics">Defect statistics the dies are drawn from, and statistics-aware training samples.</param>
/// <param name="Device">Device model of the dies.</param>
/// <param name="Geometry">Array of the dies.</param>
/// <param name="Network">The network every method trains.</param>
/// <param name="Training">Hyperparameters of every training run (their seed is the run's seed).</param>
/// <param name="K">Defect instances per step of statistics-aware training.</param>
/// <param name="Saturation">Training saturation of single shorts (null: the device-derived value).</param>
/// <param name="Seed">Seed of the fab and of every training run.</param>
/// <param name="SensitivityTrials">Random draws per rate of the sensitivity curves of the analysis stage.</param>
/// <param name="Landscape">Landscapes and sharpness of the analysis stage (computed in both weight spaces; the seed is the run's).</param>
public sealed record ReproductionConfig(
    [property: JsonPropertyName("dies")] int Dies,
    [property: JsonPropertyName("statistics")] DefectStatistics Statistics,
    [property: JsonPropertyName("device")] DeviceModel Device,
    [property: JsonPropertyName("geometry")] ArrayGeometry Geometry,
    [property: JsonPropertyName("network")] NetworkSpec Network,
    [property: JsonPropertyName("training")] TrainingOptions Training,
    [property: JsonPropertyName("k")] int K,
    [property: JsonPropertyName("saturation")] double? Saturation,
    [property: JsonPropertyName("seed")] ulong Seed,
    [property: JsonPropertyName("sensitivity_trials")] int SensitivityTrials,
    [property: JsonPropertyName("landscape")] LandscapeOptions Landscape)
{
    /// <summary>The full reproduction: 36 dies of the reference population, the die-sized network, 30 epochs, K = 32.</summary>
    public static ReproductionConfig Full(ulong seed = 1) => new(36, DefectStatistics.Reference, DeviceModel.SttMram, ArrayGeometry.Nist20k,
        NetworkSpec.Die, new TrainingOptions(Seed: seed), new RegimeSettings().K, null, seed,
        SensitivityOptions.Default.Trials, LandscapeOptions.Default with { Seed = seed });

    /// <summary>A first look in well under two minutes: 8 dies, 4 epochs on 20,000 training images, K = 8, a lighter analysis.</summary>
    public static ReproductionConfig Quick(ulong seed = 1) => Full(seed) with
    {
        Dies = 8, K = 8, Training = new TrainingOptions(Epochs: 4, TrainLimit: 20_000, Seed: seed),
        SensitivityTrials = 10, Landscape = LandscapeOptions.Default with { GridPoints = 13, SharpnessDirections = 8, Seed = seed },
    };

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (Dies is < 2 or > 1000) throw new InvalidConfigurationException($"dies {Dies} must be between 2 and 1,000.");
        Statistics.Validate(); Device.Validate(); Geometry.Validate(); Network.Validate(); Training.Validate();
        if (Training.Seed != Seed || Landscape.Seed != Seed) throw new InvalidConfigurationException("the training and landscape seeds must equal the run's seed.");
        Landscape.Validate();
        (SensitivityOptions.Default with { Trials = SensitivityTrials }).Validate();
        new RegimeSettings("statistics-aware", K: K, Saturation: Saturation).Validate();
        DifferentialMapping.Create(Network.Widths, Geometry);
    }
}
