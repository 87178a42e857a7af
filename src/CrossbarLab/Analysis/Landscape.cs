using System.Numerics.Tensors;
using CrossbarLab.Model;

namespace CrossbarLab.Analysis;

/// <summary>Loss and error of a surface along a line, o + α·d, and over a plane, o + α·d₁ + β·d₂, around its origin o.</summary>
public sealed class Landscape(ILossSurface surface)
{
    private readonly float[][] _point = surface.Origin.Select(w => new float[w.Length]).ToArray();

    /// <summary><paramref name="points"/> evenly spaced steps from −range to +range (an odd count includes 0).</summary>
    public static double[] Steps(int points, double range)
    {
        if (points < 2) throw new InvalidConfigurationException($"a landscape needs at least 2 points per axis, got {points}.");
        if (!(range > 0 && double.IsFinite(range))) throw new InvalidConfigurationException($"landscape range {range} must be a positive number.");
        return Enumerable.Range(0, points).Select(i => points % 2 == 1 && i == points / 2 ? 0.0 : -range + 2 * range * i / (points - 1)).ToArray();
    }

    /// <summary>The surface at o + α·d for each α of <paramref name="alphas"/>.</summary>
    public LossAndError[] Line(float[][] d, double[] alphas, IProgress<int>? progress = null)
    {
        var result = new LossAndError[alphas.Length];
        for (int a = 0; a < alphas.Length; a++)
        {
            result[a] = At(d, alphas[a], null, 0);
            progress?.Report(1);
        }
        return result;
    }

    /// <summary>The surface at o + α·d₁ + β·d₂ on the grid <paramref name="alphas"/> × <paramref name="betas"/>: result[b, a].</summary>
    public LossAndError[,] Plane(float[][] d1, float[][] d2, double[] alphas, double[] betas, IProgress<int>? progress = null)
    {
        var result = new LossAndError[betas.Length, alphas.Length];
        for (int b = 0; b < betas.Length; b++)
            for (int a = 0; a < alphas.Length; a++)
            {
                result[b, a] = At(d1, alphas[a], d2, betas[b]);
                progress?.Report(1);
            }
        return result;
    }

    private LossAndError At(float[][] d1, double alpha, float[][]? d2, double beta)
    {
        var origin = surface.Origin;
        for (int l = 0; l < origin.Length; l++)
        {
            TensorPrimitives.MultiplyAdd(d1[l], (float)alpha, origin[l], _point[l]);
            if (d2 != null) TensorPrimitives.MultiplyAdd(d2[l], (float)beta, _point[l], _point[l]);
        }
        return surface.Evaluate(_point);
    }
}
