using CrossbarLab.Data;

namespace CrossbarLab.Evaluation;

/// <summary>
/// A compute backend that evaluates one network on many dies at once (the GPU backend: every die × image in one
/// launch), with <see cref="DenseEvaluator"/>'s semantics. <see cref="DieEvaluator"/> uses it at the effective-weight
/// level when the backend has it.
/// </summary>
public interface IMultiDieEvaluator
{
    /// <summary>Misclassified samples of <paramref name="data"/> on each die, in die order.</summary>
    /// <param name="effectiveWeights">Per die, the weights of every layer (inputs × outputs, row-major).</param>
    /// <param name="widths">Layer widths from input to output.</param>
    /// <param name="offsets">Per layer, the offsets added to the column sums (empty arrays: none).</param>
    /// <param name="gains">Per layer, the gains multiplying the column sums before the offsets (empty arrays: none).
    /// </param>
    int[] Errors(IReadOnlyList<float[][]> effectiveWeights, int[] widths, float[][] offsets, float[][] gains,
        EncodedSet data);
}
