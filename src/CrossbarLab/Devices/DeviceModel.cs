using System.Text.Json.Serialization;

namespace CrossbarLab.Devices;

/// <summary>
/// A two-state resistive memory device in series with its access transistor (1T1R / 1T1MTJ). Every resistance is in
/// ohms and is a nominal value of one device; spreads are within-die, device-to-device.
/// </summary>
/// <param name="Name">Preset or user name, e.g. "stt-mram".</param>
/// <param name="LowResistanceOhms">Nominal resistance of the low-resistance state (MTJ: parallel, R_P; RRAM: LRS), ohms.</param>
/// <param name="HighResistanceOhms">Nominal resistance of the high-resistance state (MTJ: antiparallel, R_AP = R_P·(1+TMR); RRAM: HRS), ohms.</param>
/// <param name="DeviceSpreadSigmaLn">Device-to-device spread within a die: σ of ln(R) of each state (lognormal, dimensionless; 0.05 ≈ 5 %).</param>
/// <param name="ReadNoiseSigmaRelative">Read-to-read noise: σ of the relative conductance fluctuation of one read (fraction; 0.01 = 1 %).</param>
/// <param name="AccessResistanceOhms">On-resistance of the series access transistor, ohms; it bounds the current of a shorted device.</param>
/// <param name="ShortResistanceOhms">Resistance left across a shorted device (barrier breakdown), ohms.</param>
/// <param name="ReadVoltageVolts">Read voltage applied to an input line for an input of +1 (−ReadVoltageVolts for −1), volts.</param>
/// <param name="LowStateName">Name of the low-resistance state in the device's vocabulary ("P", "LRS").</param>
/// <param name="HighStateName">Name of the high-resistance state ("AP", "HRS").</param>
public sealed record DeviceModel(
    string Name,
    double LowResistanceOhms,
    double HighResistanceOhms,
    double DeviceSpreadSigmaLn,
    double ReadNoiseSigmaRelative,
    double AccessResistanceOhms,
    double ShortResistanceOhms,
    double ReadVoltageVolts,
    string LowStateName,
    string HighStateName)
{
    /// <summary>
    /// Perpendicular STT-MRAM MTJ in a 1T1MTJ cell: R_P = 3 kΩ (a resistance–area product near 8 Ω·µm² at about 60 nm
    /// diameter), TMR = 150 % (CoFeB/MgO junctions reach 100–200 %; Ikeda et al., Nat. Mater. 9, 721 (2010) report
    /// 120 %), 5 % device-to-device spread, 1 % read noise, a 1 kΩ access transistor, 100 Ω across a broken-down barrier,
    /// 0.1 V reads (low enough not to disturb the state). Typical values, not a particular foundry's: replace them with your measurements.
    /// </summary>
    public static DeviceModel SttMram { get; } = Mtj("stt-mram", 3_000, 1.5, 0.05, 0.01, 1_000, 100, 0.1);

    /// <summary>
    /// Filamentary HfOx RRAM in a 1T1R cell used as a binary memory: LRS 10 kΩ, HRS 100 kΩ (on/off ratio 10), 20 %
    /// device-to-device spread (filament variability is much larger than an MTJ's), 3 % read noise (random telegraph noise),
    /// a 1 kΩ access transistor, 200 Ω for a device stuck at a fully formed filament, 0.2 V reads. Typical values; replace with yours.
    /// </summary>
    public static DeviceModel Rram { get; } = new("rram", 10_000, 100_000, 0.2, 0.03, 1_000, 200, 0.2, "LRS", "HRS");

    /// <summary>Builds an MTJ model from R_P and TMR (fraction: 1.5 = 150 %), R_AP = R_P·(1+TMR).</summary>
    public static DeviceModel Mtj(string name, double parallelOhms, double tmr, double spread, double readNoise, double accessOhms, double shortOhms, double readVoltage) =>
        new(name, parallelOhms, parallelOhms * (1 + tmr), spread, readNoise, accessOhms, shortOhms, readVoltage, "P", "AP");

    /// <summary>Looks up a preset by name ("stt-mram" or "rram").</summary>
    public static DeviceModel Preset(string name) => name switch
    {
        "stt-mram" or "mtj" => SttMram,
        "rram" => Rram,
        _ => throw new InvalidConfigurationException(Section, name, "unknown device preset: choose stt-mram or rram."),
    };

    /// <summary>Tunnel magnetoresistance (R_high − R_low)/R_low, a fraction (1.5 = 150 %).</summary>
    [JsonIgnore] public double Tmr => HighResistanceOhms / LowResistanceOhms - 1;

    /// <summary>Conductance of a healthy cell programmed to the low-resistance state (device plus transistor), siemens.</summary>
    [JsonIgnore] public double OnConductance => 1 / (LowResistanceOhms + AccessResistanceOhms);

    /// <summary>Conductance of a healthy cell programmed to the high-resistance state, siemens.</summary>
    [JsonIgnore] public double OffConductance => 1 / (HighResistanceOhms + AccessResistanceOhms);

    /// <summary>Conductance of a cell whose device is shorted: only the transistor limits it, siemens.</summary>
    [JsonIgnore] public double ShortConductance => 1 / (ShortResistanceOhms + AccessResistanceOhms);

    /// <summary>The section's name in the configuration tree and in die files.</summary>
    public const string Section = "device";

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        Positive(LowResistanceOhms, "low_resistance_ohms");
        Positive(HighResistanceOhms, "high_resistance_ohms");
        if (HighResistanceOhms <= LowResistanceOhms)
            throw Invalid("high_resistance_ohms", HighResistanceOhms, $"must exceed the low-state resistance {LowResistanceOhms} Ω.");
        NonNegative(DeviceSpreadSigmaLn, "device_spread_sigma_ln");
        NonNegative(ReadNoiseSigmaRelative, "read_noise_sigma_relative");
        NonNegative(AccessResistanceOhms, "access_resistance_ohms");
        NonNegative(ShortResistanceOhms, "short_resistance_ohms");
        if (ShortResistanceOhms >= LowResistanceOhms)
            throw Invalid("short_resistance_ohms", ShortResistanceOhms, $"must be below the low-state resistance {LowResistanceOhms} Ω.");
        if (AccessResistanceOhms + ShortResistanceOhms <= 0)
            throw Invalid("access_resistance_ohms", AccessResistanceOhms,
                "a shorted cell needs some series resistance, but the access transistor and the short are both 0 Ω.");
        Positive(ReadVoltageVolts, "read_voltage_volts");
    }

    private static void Positive(double v, string field)
    {
        if (!(v > 0) || !double.IsFinite(v)) throw Invalid(field, v, "must be a positive number.");
    }

    private static void NonNegative(double v, string field)
    {
        if (!(v >= 0) || !double.IsFinite(v)) throw Invalid(field, v, "must be zero or positive.");
    }

    private static InvalidConfigurationException Invalid(string field, double value, string rule) =>
        new($"{Section}.{field}", value, rule);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Name}: {LowStateName} {LowResistanceOhms:N0} Ω, {HighStateName} {HighResistanceOhms:N0} Ω (TMR/ratio {100 * Tmr:F0} %), spread σ(ln R) {DeviceSpreadSigmaLn}, read noise {100 * ReadNoiseSigmaRelative:F1} %, access {AccessResistanceOhms:N0} Ω, short {ShortResistanceOhms:N0} Ω, read {ReadVoltageVolts} V";
}
