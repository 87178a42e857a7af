using CrossbarLab.Model;

namespace CrossbarLab.Evaluation;

/// <summary>
/// A network as one die runs it, one layer at a time: what a chip-in-the-loop step can observe (each layer's column
/// outputs for inputs it chooses), never the die's defect map. Values are in weight units (one healthy ±1 weight driven
/// by an input of 1 gives 1), without the digital offsets, which the caller adds.
/// </summary>
public interface IDieForward
{
    /// <summary>The network's shape and switches.</summary>
    NetworkSpec Spec { get; }

    /// <summary>
    /// The column sums z = a·W of layer <paramref name="layer"/> for <paramref name="n"/> input rows
    /// (<paramref name="inputs"/>: n × inputs, encoded values) into <paramref name="sums"/> (n × outputs).
    /// </summary>
    /// <param name="firstSample">Index of the first row in the data set (keys per-sample read noise).</param>
    void ColumnSums(int layer, ReadOnlySpan<float> inputs, int n, Span<float> sums, int firstSample);
}
