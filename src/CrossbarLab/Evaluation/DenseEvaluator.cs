using CrossbarLab.Compute;
using CrossbarLab.Data;

namespace CrossbarLab.Evaluation;

/// <summary>
/// Evaluates a binary network given its real-valued effective weights (e.g. <see cref="Model.EffectiveWeights"/> of a die):
/// z = a·W_eff with float products, sign activations in hidden layers (sign(0) = +1), argmax at the output.
/// The fast, effective-weight level of evaluation on a die.
/// </summary>
public sealed class DenseEvaluator
{
    private const int Chunk = 1000;

    /// <summary>
    /// Sums within this distance of a tie (in units of one healthy weight) count as ties, resolved as sign(0) = +1 and
    /// argmax to the first index. Defect values combine into sums that are exactly zero in real arithmetic
    /// (e.g. G_on/Δ − G_off/Δ − 1) but not in float; genuinely different sums differ by far more than this.
    /// </summary>
    public const float TieTolerance = 1e-4f;
    private readonly ICompute _compute;

    /// <summary>Creates an evaluator on a backend.</summary>
    public DenseEvaluator(ICompute compute) => _compute = compute;

    /// <summary>Predicted class of every sample.</summary>
    public int[] Predict(float[][] weights, int[] widths, EncodedSet data)
    {
        if (data.Features != widths[0]) throw new InvalidConfigurationException($"the data has {data.Features} inputs per sample but the network expects {widths[0]}.");
        var predictions = new int[data.Count];
        var buffers = widths.Skip(1).Select(w => new float[Chunk * w]).ToArray();
        for (int start = 0; start < data.Count; start += Chunk)
        {
            int n = Math.Min(Chunk, data.Count - start);
            ReadOnlySpan<float> a = data.Inputs.AsSpan(start * data.Features, n * data.Features);
            for (int l = 0; l < weights.Length; l++)
            {
                _compute.Gemm(false, false, n, widths[l + 1], widths[l], 1f, a, widths[l], weights[l], widths[l + 1], 0f, buffers[l], widths[l + 1]);
                var z = buffers[l].AsSpan(0, n * widths[l + 1]);
                if (l + 1 < weights.Length) for (int k = 0; k < z.Length; k++) z[k] = z[k] >= -TieTolerance ? 1f : -1f;
                a = z;
            }
            int classes = widths[^1];
            for (int i = 0; i < n; i++) predictions[start + i] = ArgMax(a.Slice(i * classes, classes));
        }
        return predictions;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int k = 1; k < values.Length; k++) if (values[k] > values[best] + TieTolerance) best = k;
        return best;
    }

    /// <summary>Fraction of <paramref name="data"/> misclassified, in [0, 1].</summary>
    public double Error(float[][] weights, int[] widths, EncodedSet data)
    {
        var p = Predict(weights, widths, data);
        int wrong = 0;
        for (int i = 0; i < p.Length; i++) if (p[i] != data.Labels[i]) wrong++;
        return (double)wrong / data.Count;
    }
}
