namespace CrossbarLab.Hardware;

/// <summary>
/// The defective cells of one layer in one defect instance: their flat indices (input·outputs + output, ascending) and
/// the effective weight each takes when programmed +1 and when programmed −1.
/// </summary>
public sealed record LayerDefects(int[] Cells, float[] IfPlus, float[] IfMinus)
{
    /// <summary>A layer without defects.</summary>
    public static LayerDefects None { get; } = new([], [], []);

    /// <summary>Effective weight of defective cell <paramref name="k"/> (index into Cells) given its latent weight.</summary>
    public float Value(int k, float latent) => latent >= 0f ? IfPlus[k] : IfMinus[k];
}

/// <summary>
/// One defect instance of a network: per layer, the cells whose weight the hardware overrides. It is what training needs of
/// a die, W_eff = sign(W)⊙(1 − M) + S⊙M, in sparse form: a die's defects touch about 1 % of the cells.
/// </summary>
public sealed class CellDefects
{
    /// <summary>Defective cells per layer.</summary>
    public LayerDefects[] Layers { get; }

    /// <summary>Wraps per-layer defect lists.</summary>
    public CellDefects(LayerDefects[] layers) => Layers = layers;

    /// <summary>An instance with no defective cell.</summary>
    public static CellDefects Clean(int layers) => new(Enumerable.Repeat(LayerDefects.None, layers).ToArray());

    /// <summary>This instance for a network of <paramref name="layers"/> layers: the layers off the die get no defects.</summary>
    public CellDefects Padded(int layers) =>
        layers <= Layers.Length ? this : new([.. Layers, .. Enumerable.Repeat(LayerDefects.None, layers - Layers.Length)]);

    /// <summary>Total defective cells.</summary>
    public int Count => Layers.Sum(l => l.Cells.Length);

    /// <summary>The cells of <paramref name="die"/> that hold a defective device, with values from the device model (or ±saturation for single shorts).</summary>
    public static CellDefects FromDie(Die die, DifferentialMapping mapping, double? saturation = null)
    {
        var layers = new LayerDefects[mapping.Widths.Length - 1];
        int offset = die.Geometry.TileColumns;
        for (int l = 0; l < layers.Length; l++)
        {
            var positive = mapping.PositiveDevices(l);
            var cells = new List<int>(); var plus = new List<float>(); var minus = new List<float>();
            for (int c = 0; c < positive.Length; c++)
            {
                var kp = die.Defects[positive[c]]; var kn = die.Defects[positive[c] + offset];
                if (kp == DefectKind.None && kn == DefectKind.None) continue;
                cells.Add(c);
                plus.Add((float)DefectEffects.EffectiveWeight(die.Device, kp, kn, +1, saturation));
                minus.Add((float)DefectEffects.EffectiveWeight(die.Device, kp, kn, -1, saturation));
            }
            layers[l] = new LayerDefects(cells.ToArray(), plus.ToArray(), minus.ToArray());
        }
        return new CellDefects(layers);
    }

    /// <summary>Dense effective weights of this instance for the given latent weights (the test oracle's form).</summary>
    public float[][] EffectiveWeights(float[][] latent)
    {
        var result = new float[latent.Length][];
        for (int l = 0; l < latent.Length; l++)
        {
            var w = latent[l];
            var eff = result[l] = new float[w.Length];
            Compute.Signs.ToPlusMinusOne(w, eff);
            var d = Layers[l];
            for (int k = 0; k < d.Cells.Length; k++) eff[d.Cells[k]] = d.Value(k, w[d.Cells[k]]);
        }
        return result;
    }
}
