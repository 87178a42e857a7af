using CrossbarLab.Devices;

namespace CrossbarLab.Hardware;

/// <summary>
/// The effective weight of a differential cell: w_eff = (G₊ − G₋)/(G_on − G_off), with nominal conductances, so a healthy
/// cell gives exactly ±1. A short in the positive device pushes the weight up to (G_short − G₋)/(G_on − G_off), which the
/// access transistor bounds (about +5 to +6 for the STT-MRAM preset); a short in the negative device pushes it down
/// as far. An open device contributes no current; a stuck device ignores programming.
/// </summary>
/// <remarks>With <c>saturation</c> set, a cell with exactly one shorted device takes ±saturation instead of the
/// device-derived value: the reference paper's defect-saturation hyperparameter.</remarks>
public static class DefectEffects
{
    /// <summary>Effective weight of a cell programmed to <paramref name="sign"/> (±1) whose devices have the given kinds.</summary>
    public static double EffectiveWeight(DeviceModel device, DefectKind positive, DefectKind negative, int sign, double? saturation = null)
    {
        if (saturation is double s)
        {
            bool posShort = positive == DefectKind.Short, negShort = negative == DefectKind.Short;
            if (posShort && !negShort) return s;
            if (negShort && !posShort) return -s;
        }
        double gOn = device.OnConductance, gOff = device.OffConductance;
        double gPos = Conductance(device, positive, programmedLow: sign > 0);
        double gNeg = Conductance(device, negative, programmedLow: sign < 0);
        return (gPos - gNeg) / (gOn - gOff);
    }

    /// <summary>
    /// The effective weight of a cell whose positive device is shorted and whose negative device is healthy, when the cell
    /// is programmed +1 and −1 (a short in the negative device gives the same values negated): how strong one short is.
    /// </summary>
    public static (double IfPlus, double IfMinus) SingleShort(DeviceModel device) =>
        (EffectiveWeight(device, DefectKind.Short, DefectKind.None, +1), EffectiveWeight(device, DefectKind.Short, DefectKind.None, -1));

    /// <summary>Nominal conductance of one device of a cell, siemens.</summary>
    public static double Conductance(DeviceModel device, DefectKind kind, bool programmedLow) => kind switch
    {
        DefectKind.None => programmedLow ? device.OnConductance : device.OffConductance,
        DefectKind.Short => device.ShortConductance,
        DefectKind.Open => 0,
        DefectKind.StuckParallel => device.OnConductance,
        _ => device.OffConductance,
    };
}
