using System.Text.Json;
using System.Text.Json.Nodes;
using CrossbarLab.Devices;
using CrossbarLab.Hardware;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Experiments;

/// <summary>
/// Which training regime a run uses and its settings: software (no defects); hardware-aware on the die in
/// <see cref="DieFile"/>; statistics-aware with <see cref="K"/> instances per step drawn from the statistics in
/// <see cref="StatisticsFile"/> (default: <see cref="DefectStatistics.Reference"/>) for devices of <see cref="Device"/> on
/// <see cref="Geometry"/>.
/// </summary>
/// <param name="Regime">"software", "hardware-aware" or "statistics-aware".</param>
/// <param name="DieFile">The die of a hardware-aware run.</param>
/// <param name="StatisticsFile">Defect statistics JSON of a statistics-aware run (null: the reference population).</param>
/// <param name="K">Defect instances per step of a statistics-aware run (the second dimension of the double batch).</param>
/// <param name="Pool">0: fresh defect maps every step; P &gt; 0: a pool of P maps drawn once and cycled.</param>
/// <param name="Saturation">If set, the value (±) a single shorted device forces on its weight during training, instead of the device-derived value.</param>
/// <param name="Device">Device preset of a statistics-aware run.</param>
/// <param name="Geometry">Array of a statistics-aware run (null: the 20,000-device array).</param>
public sealed record RegimeSettings(string Regime = "software", string? DieFile = null, string? StatisticsFile = null, int K = 32, int Pool = 0,
    double? Saturation = null, string Device = "stt-mram", ArrayGeometry? Geometry = null)
{
    /// <summary>Checks the settings without reading files; throws <see cref="InvalidConfigurationException"/> naming the problem.</summary>
    public void Validate()
    {
        switch (Regime)
        {
            case "software": break;
            case "hardware-aware":
                if (string.IsNullOrEmpty(DieFile)) throw new InvalidConfigurationException("hardware-aware training needs the die: --die FILE (a die file from crossbar fab or crossbar die import).");
                break;
            case "statistics-aware":
                if (K is < 1 or > 4096) throw new InvalidConfigurationException($"--k {K} defect instances per step must be between 1 and 4,096.");
                if (Pool < 0) throw new InvalidConfigurationException($"--pool {Pool} must be 0 (fresh maps every step) or positive.");
                break;
            default: throw new InvalidConfigurationException($"unknown regime '{Regime}': use software, hardware-aware or statistics-aware.");
        }
        if (Saturation is double s && !(s > 0 && s < 1000)) throw new InvalidConfigurationException($"--saturation {s} must be a positive weight value (e.g. 2 to 10).");
    }

    /// <summary>The defect source of the regime (reads the die or statistics file).</summary>
    public DefectSource CreateSource(NetworkSpec spec, ulong seed)
    {
        Validate();
        switch (Regime)
        {
            case "hardware-aware":
            {
                var die = Hardware.DieFile.Load(DieFile!);
                var mapping = DifferentialMapping.Create(spec.Widths, die.Geometry);
                return new FixedDefects(CellDefects.FromDie(die, mapping, Saturation), die.Name);
            }
            case "statistics-aware":
            {
                var stats = StatisticsFile == null ? DefectStatistics.Reference : DefectStatistics.Load(StatisticsFile);
                var device = DeviceModel.Preset(Device);
                var mapping = DifferentialMapping.Create(spec.Widths, Geometry ?? ArrayGeometry.Nist20k);
                return new SampledDefects(new DefectSampler(stats, device, mapping, Saturation), K, Pool, seed,
                    $"{stats}; device {device.Name}; saturation {(Saturation is double s ? s.ToString() : "from the device model")}");
            }
            default: return new NoDefects(spec.LayerCount);
        }
    }

    /// <summary>The settings as recorded in config.json.</summary>
    public JsonObject ToJson() => new()
    {
        ["regime"] = Regime,
        ["die"] = DieFile == null ? null : Path.GetFullPath(DieFile),
        ["statistics"] = Regime == "statistics-aware"
            ? JsonSerializer.SerializeToNode(StatisticsFile == null ? DefectStatistics.Reference : DefectStatistics.Load(StatisticsFile)) : null,
        ["k"] = Regime == "statistics-aware" ? K : null,
        ["pool"] = Regime == "statistics-aware" ? Pool : null,
        ["saturation"] = Saturation,
        ["device"] = Regime == "statistics-aware" ? JsonSerializer.SerializeToNode(DeviceModel.Preset(Device)) : null,
        ["geometry"] = Regime == "statistics-aware" ? JsonSerializer.SerializeToNode(Geometry ?? ArrayGeometry.Nist20k) : null,
    };
}
