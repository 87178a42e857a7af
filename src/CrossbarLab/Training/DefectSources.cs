using CrossbarLab.Devices;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Training;

/// <summary>
/// The one place a training stage's <see cref="DefectSource"/> is built from settings: <c>train</c>, <c>reproduce</c>, every
/// sweep and <c>bench</c> call it, so a regime means the same thing everywhere.
/// </summary>
public static class DefectSources
{
    /// <summary>The source of <paramref name="training"/>'s regime for <paramref name="network"/> on the array of the run.</summary>
    /// <param name="population">Statistics a statistics-aware source draws from.</param>
    /// <param name="die">The die of a hardware-aware source (required for that regime, ignored otherwise).</param>
    public static DefectSource Create(TrainingOptions training, NetworkSpec network, DeviceModel device, ArrayGeometry array,
        DefectStatistics population, ulong seed, Die? die = null)
    {
        switch (training.Regime)
        {
            case Regime.HardwareAware:
            {
                if (die == null)
                    throw new InvalidConfigurationException("inputs.die", null,
                        "hardware-aware training needs the die file (from crossbar fab or crossbar die import).");
                var mapping = DifferentialMapping.Create(network.OnDieWidths, die.Geometry);
                // The die file's checksum identifies the die completely, so a checkpoint made on another die with the
                // same name and defect count is refused.
                string dieChecksum = (string)DieFile.ToJson(die)[IO.DocumentChecksum.Field]!;
                return new FixedDefects(CellDefects.FromDie(die, mapping, training.Saturation).Padded(network.LayerCount),
                    $"{die.Name} (die file checksum {dieChecksum[..16]})");
            }
            case Regime.StatisticsAware:
            {
                var mapping = DifferentialMapping.Create(network.OnDieWidths, array);
                var sampler = new DefectSampler(population, device, mapping, training.Saturation, network.LayerCount);
                string saturation = training.Saturation is double s ? s.ToString() : "from the device model";
                return new SampledDefects(sampler, training.K, training.Pool, seed,
                    $"{population}; device {device.Name}; saturation {saturation}; "
                    + $"statistics, device and array checksum {Fingerprint(population, device, array)}");
            }
            default:
                return new NoDefects(network.LayerCount);
        }
    }

    /// <summary>
    /// The start of a SHA-256 over every value the draws depend on, which the readable description rounds or leaves out
    /// (a device's resistances, the array's layout), so that resuming with any of them changed is refused.
    /// </summary>
    private static string Fingerprint(DefectStatistics population, DeviceModel device, ArrayGeometry array)
    {
        var settings = new System.Text.Json.Nodes.JsonObject
        {
            [DefectStatistics.Section] = IO.JsonConventions.ToNode(population),
            [DeviceModel.Section] = IO.JsonConventions.ToNode(device),
            [ArrayGeometry.Section] = IO.JsonConventions.ToNode(array),
        };
        return IO.DocumentChecksum.Of(settings)[..16];
    }
}
