using System.Text.Json.Serialization;
using CrossbarLab.Devices;
using CrossbarLab.Hardware;

namespace CrossbarLab.Analysis;

/// <summary>What <c>crossbar analyze sensitivity</c> injects, at which rates, how often.</summary>
/// <param name="SignFlipRates">Fractions of binary weights flipped.</param>
/// <param name="DefectRates">Mean fractions of defective devices (the statistics' mix of kinds and die-to-die spread kept).</param>
/// <param name="NoiseLevels">σ of ln G of the conductance variation.</param>
/// <param name="Trials">Random draws per nonzero rate (rate 0 is exact and evaluated once).</param>
/// <param name="Statistics">Defect statistics whose rates are scaled for the defects curve.</param>
/// <param name="Device">Device model: defect values and the conductances the variation acts on.</param>
/// <param name="Geometry">Array the network is mapped onto (where the defects fall).</param>
/// <param name="Saturation">If set, ± the value a single short forces, instead of the device-derived one.</param>
/// <param name="Seed">Seed of every draw; trial t at rate i is the same draw for every model (common random numbers).</param>
public sealed record SensitivityOptions(
    [property: JsonPropertyName("sign_flip_rates")] double[] SignFlipRates,
    [property: JsonPropertyName("defect_rates")] double[] DefectRates,
    [property: JsonPropertyName("noise_levels")] double[] NoiseLevels,
    [property: JsonPropertyName("trials")] int Trials,
    [property: JsonPropertyName("statistics")] DefectStatistics Statistics,
    [property: JsonPropertyName("device")] DeviceModel Device,
    [property: JsonPropertyName("geometry")] ArrayGeometry Geometry,
    [property: JsonPropertyName("saturation")] double? Saturation,
    [property: JsonPropertyName("seed")] ulong Seed)
{
    /// <summary>
    /// Defaults: rates from none to well past the reference population (1 % defective devices on average), 50 trials each,
    /// the reference statistics, STT-MRAM devices and the NIST array.
    /// </summary>
    public static SensitivityOptions Default { get; } = new(
        [0, 0.01, 0.02, 0.05, 0.1, 0.2], [0, 0.0025, 0.005, 0.01, 0.02, 0.04], [0, 0.1, 0.2, 0.3, 0.5, 0.75], 50,
        DefectStatistics.Reference, DeviceModel.SttMram, ArrayGeometry.Nist20k, null, 1);

    /// <summary>The rates of <paramref name="kind"/>.</summary>
    public double[] Rates(PerturbationKind kind) => kind switch
    {
        PerturbationKind.SignFlip => SignFlipRates,
        PerturbationKind.Defects => DefectRates,
        _ => NoiseLevels,
    };

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        if (Trials is < 2 or > 100_000) throw new InvalidConfigurationException($"trials {Trials} must be between 2 and 100,000 (an interval needs two).");
        Statistics.Validate(); Device.Validate(); Geometry.Validate();
        foreach (var kind in PerturbationKinds.All)
        {
            var rates = Rates(kind);
            if (rates.Length == 0) throw new InvalidConfigurationException($"the {kind.Name()} curve needs at least one rate.");
            double max = kind == PerturbationKind.ConductanceNoise ? 5 : 1;
            foreach (var r in rates)
                if (!(r >= 0 && r <= max)) throw new InvalidConfigurationException($"{kind.Name()} rate {r} must be between 0 and {max}{(max == 1 ? " (a fraction: 0.01 = 1 %)" : "")}.");
        }
        if (DefectRates.Any(r => r > 0) && Statistics.TotalPointRate <= 0)
            throw new InvalidConfigurationException("the defect statistics have no point defects, so they cannot be scaled to a nonzero defect rate.");
        if (Saturation is double s && !(s > 0 && double.IsFinite(s))) throw new InvalidConfigurationException($"saturation {s} must be a positive number.");
    }
}
