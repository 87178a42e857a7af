using CrossbarLab.Compute;
using CrossbarLab.Model;

namespace CrossbarLab.Evaluation;

/// <summary>
/// <see cref="IDieForward"/> at the effective-weight level: each layer's column sums are float products with the weights the
/// die realises (<see cref="EffectiveWeights"/>), or with the ideal weights for an ideal die.
/// </summary>
/// <param name="spec">The network's shape and switches.</param>
/// <param name="weights">The realised weights of every layer (inputs × outputs).</param>
public sealed class EffectiveDieForward(NetworkSpec spec, float[][] weights, ICompute compute) : IDieForward
{
    /// <inheritdoc/>
    public NetworkSpec Spec => spec;

    /// <summary>The weights each layer computes with.</summary>
    public float[][] Weights => weights;

    /// <summary>The defect-free network: every layer with its ideal weights.</summary>
    public static EffectiveDieForward Ideal(BinaryNetwork network, ICompute compute) =>
        new(network.Spec, Enumerable.Range(0, network.Spec.LayerCount).Select(network.IdealWeights).ToArray(), compute);

    /// <inheritdoc/>
    public void ColumnSums(int layer, ReadOnlySpan<float> inputs, int n, Span<float> sums, int firstSample)
    {
        int nIn = spec.Widths[layer], nOut = spec.Widths[layer + 1];
        compute.Gemm(false, false, n, nOut, nIn, 1f, inputs, nIn, weights[layer], nOut, 0f, sums, nOut);
    }
}
