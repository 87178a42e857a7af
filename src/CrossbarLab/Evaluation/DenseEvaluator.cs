using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Model;

namespace CrossbarLab.Evaluation;

/// <summary>
/// Evaluates a binary network given its real-valued effective weights (e.g. <see cref="Model.EffectiveWeights"/> of a die):
/// z = a·W_eff + offsets with float products, activations in hidden layers (±1, or 1/0 as the data are encoded) and argmax
/// at the output, ties within
/// <see cref="Signs.TieTolerance"/> resolved as sign(0) = +1 and first index.
/// The fast, effective-weight level of evaluation on a die.
/// </summary>
public sealed class DenseEvaluator
{
    private const int Chunk = 1000;
    private readonly ICompute _compute;

    /// <summary>Receives the output column sums of samples start … start + n − 1 (n × classes, valid during the call).</summary>
    private delegate void OutputSink(int start, int n, ReadOnlySpan<float> sums);

    /// <summary>Creates an evaluator on a backend.</summary>
    public DenseEvaluator(ICompute compute) => _compute = compute;

    /// <summary>Predicted class of every sample.</summary>
    /// <param name="offsets">Per-layer offsets added to the column sums (null or empty arrays: none).</param>
    /// <param name="gains">Per-layer gains multiplying the column sums before the offsets (null or empty arrays: none).</param>
    public int[] Predict(float[][] weights, int[] widths, EncodedSet data, float[][]? offsets = null, float[][]? gains = null)
    {
        var predictions = new int[data.Count];
        int classes = widths[^1];
        Forward(weights, widths, offsets, gains, data, (start, n, sums) =>
        {
            for (int i = 0; i < n; i++) predictions[start + i] = Signs.ArgMax(sums.Slice(i * classes, classes));
        });
        return predictions;
    }

    /// <summary>Fraction of <paramref name="data"/> misclassified, in [0, 1].</summary>
    public double Error(float[][] weights, int[] widths, EncodedSet data, float[][]? offsets = null, float[][]? gains = null) =>
        Predictions.ErrorRate(Predict(weights, widths, data, offsets, gains), data.Labels);

    /// <summary>Mean softmax cross-entropy (logits <paramref name="outputScale"/>·sums) and error on <paramref name="data"/>.</summary>
    public LossAndError Evaluate(float[][] weights, int[] widths, EncodedSet data, float outputScale, float[][]? offsets = null)
    {
        double loss = 0;
        int errors = 0, classes = widths[^1];
        Forward(weights, widths, offsets, null, data, (start, n, sums) =>
        {
            for (int i = 0; i < n; i++)
            {
                var z = sums.Slice(i * classes, classes);
                int label = data.Labels[start + i];
                if (Signs.ArgMax(z) != label) errors++;
                loss += CrossEntropy.Loss(z, label, outputScale);
            }
        });
        return new LossAndError(loss / data.Count, (double)errors / data.Count);
    }

    private void Forward(float[][] weights, int[] widths, float[][]? offsets, float[][]? gains, EncodedSet data, OutputSink sink)
    {
        float off = data.Encoding.Off();
        if (data.Features != widths[0]) throw new InvalidConfigurationException($"the data has {data.Features} inputs per sample but the network expects {widths[0]}.");
        var buffers = widths.Skip(1).Select(w => new float[Chunk * w]).ToArray();
        for (int start = 0; start < data.Count; start += Chunk)
        {
            int n = Math.Min(Chunk, data.Count - start);
            ReadOnlySpan<float> a = data.Inputs.AsSpan(start * data.Features, n * data.Features);
            for (int l = 0; l < weights.Length; l++)
            {
                _compute.Gemm(false, false, n, widths[l + 1], widths[l], 1f, a, widths[l], weights[l], widths[l + 1], 0f, buffers[l], widths[l + 1]);
                var z = buffers[l].AsSpan(0, n * widths[l + 1]);
                if (gains != null && gains[l].Length > 0) PackedInference.ScaleByGains(z, gains[l], n, widths[l + 1]);
                if (offsets != null && offsets[l].Length > 0) PackedInference.AddOffsets(z, offsets[l], n, widths[l + 1]);
                if (l + 1 < weights.Length) Signs.Activate(z, z, off);
                a = z;
            }
            sink(start, n, a);
        }
    }
}
