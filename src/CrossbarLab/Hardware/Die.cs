using CrossbarLab.Devices;

namespace CrossbarLab.Hardware;

/// <summary>
/// One die: its array, its device model, the actual resistance of every device in each state (nominal times its
/// device-to-device spread, or measured), and its defects. Simulated and measured dies are the same kind of object.
/// </summary>
public sealed class Die
{
    /// <summary>Name, e.g. "die-07".</summary>
    public string Name { get; }
    /// <summary>Where the die came from ("fab seed 1, die 7" or "measured: FILE").</summary>
    public string Provenance { get; }
    /// <summary>The array.</summary>
    public ArrayGeometry Geometry { get; }
    /// <summary>The device model (nominal values, access transistor, read conditions).</summary>
    public DeviceModel Device { get; }
    /// <summary>Which devices failed, and how.</summary>
    public DefectMap Defects { get; }
    /// <summary>Resistance of each device in the low-resistance state, ohms.</summary>
    public float[] LowOhms { get; }
    /// <summary>Resistance of each device in the high-resistance state, ohms.</summary>
    public float[] HighOhms { get; }

    /// <summary>Builds a die, checking that every per-device array matches the geometry.</summary>
    public Die(string name, string provenance, ArrayGeometry geometry, DeviceModel device, DefectMap defects, float[] lowOhms, float[] highOhms)
    {
        geometry.Validate();
        device.Validate();
        // Dies name files (die-NN.json, NAME-map.png, models/hardware-aware-NAME.json), so a name must stay in its folder.
        if (!IO.SafeName.IsSafe(name))
            throw new ArgumentException($"Die name '{name}' is not safe as a file name: {IO.SafeName.Rule}.");
        if (defects.Geometry != geometry) throw new ArgumentException("The defect map belongs to another geometry.");
        if (lowOhms.Length != geometry.DeviceCount || highOhms.Length != geometry.DeviceCount)
            throw new ArgumentException($"Resistance maps must hold {geometry.DeviceCount} devices.");
        Name = name; Provenance = provenance; Geometry = geometry; Device = device; Defects = defects; LowOhms = lowOhms; HighOhms = highOhms;
    }

    /// <summary>A defect-free die whose every device has the nominal resistances.</summary>
    public static Die Ideal(ArrayGeometry geometry, DeviceModel device, string name = "ideal") =>
        new(name, "ideal", geometry, device, DefectMap.Clean(geometry),
            Enumerable.Repeat((float)device.LowResistanceOhms, geometry.DeviceCount).ToArray(),
            Enumerable.Repeat((float)device.HighResistanceOhms, geometry.DeviceCount).ToArray());

    /// <summary>
    /// Conductance (siemens) of a cell with access transistor when its device is programmed to the low (true) or high
    /// state: a defect overrides the programming (short: transistor-limited; open: 0; stuck: that state's resistance).
    /// </summary>
    public double Conductance(int device, bool programmedLow)
    {
        double access = Device.AccessResistanceOhms;
        return Defects[device] switch
        {
            DefectKind.None => 1 / ((programmedLow ? LowOhms[device] : HighOhms[device]) + access),
            DefectKind.Short => Device.ShortConductance,
            DefectKind.Open => 0,
            DefectKind.StuckParallel => 1 / (LowOhms[device] + access),
            _ => 1 / (HighOhms[device] + access),
        };
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Defects.DefectiveDevices} defective devices ({100 * Defects.DefectRate:F2} %), {Provenance}";
}
