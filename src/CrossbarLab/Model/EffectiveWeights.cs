using CrossbarLab.Hardware;

namespace CrossbarLab.Model;

/// <summary>
/// The weights a die actually applies: sign(W) where both devices of a cell are healthy, and the defect's effective value
/// (<see cref="DefectEffects"/>) where one is not — W_eff = sign(W)⊙(1 − M) + S⊙M. Layers off the die (first-layer
/// placement) compute with their ideal weights.
/// </summary>
public static class EffectiveWeights
{
    /// <summary>W_eff of every layer (inputs × outputs, row-major) for <paramref name="network"/> mapped onto <paramref name="die"/>.</summary>
    /// <param name="mapping">The placement of the network's on-die layers (<see cref="NetworkSpec.OnDieWidths"/>).</param>
    /// <param name="saturation">If set, the value (±) a single shorted device forces on its cell, instead of the device-derived one.</param>
    public static float[][] For(BinaryNetwork network, Die die, DifferentialMapping mapping, double? saturation = null)
    {
        var spec = network.Spec;
        if (!spec.OnDieWidths.SequenceEqual(mapping.Widths)) throw new ArgumentException("The mapping was made for another network shape.");
        var result = new float[spec.LayerCount][];
        int negativeOffset = die.Geometry.TileColumns;
        for (int l = 0; l < result.Length; l++)
        {
            if (l >= spec.LayersOnDie)
            {
                result[l] = network.IdealWeights(l);
                continue;
            }
            var w = network.Weights[l];
            var eff = result[l] = new float[w.Length];
            var positive = mapping.PositiveDevices(l);
            for (int k = 0; k < w.Length; k++)
            {
                int sign = w[k] >= 0f ? 1 : -1;
                var kp = die.Defects[positive[k]];
                var kn = die.Defects[positive[k] + negativeOffset];
                eff[k] = kp == DefectKind.None && kn == DefectKind.None ? sign : (float)DefectEffects.EffectiveWeight(die.Device, kp, kn, sign, saturation);
            }
        }
        return result;
    }

    /// <summary>The placement of <paramref name="spec"/>'s on-die layers on <paramref name="geometry"/>.</summary>
    public static DifferentialMapping Mapping(NetworkSpec spec, ArrayGeometry geometry) => DifferentialMapping.Create(spec.OnDieWidths, geometry);
}
