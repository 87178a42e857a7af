using System.Numerics;

namespace CrossbarLab.Compute;

/// <summary>The sign function of binary networks, sign(x) ∈ {−1, +1} with sign(0) = +1, vectorised and branch-free
/// (a branch on random signs mispredicts half the time, which made weight quantisation the slowest part of a step).</summary>
public static class Signs
{
    /// <summary>
    /// Sums within this distance of a tie (in units of one healthy weight, i.e. of one ±1 product) count as ties: sign
    /// gives +1 and argmax the first index. Sums of ±1 products are integers, so this changes nothing for ideal weights;
    /// defect values combine into sums that are exactly zero in real arithmetic (e.g. G_on/Δ − G_off/Δ − 1) but land
    /// on either side of zero in float depending on the order of summation, and genuinely different sums differ by far more.
    /// </summary>
    public const float TieTolerance = 1e-4f;

    /// <summary>Weights: y[i] = x[i] ≥ 0 ? +1 : −1 exactly (−0 counts as 0, so as +1; NaN gives −1).</summary>
    public static void ToPlusMinusOne(ReadOnlySpan<float> x, Span<float> y) => Threshold(x, y, 0f);

    /// <summary>
    /// Neuron outputs: y[i] = x[i] ≥ −TieTolerance ? +1 : <paramref name="off"/>, so a sum that is a tie up to rounding
    /// fires; <paramref name="off"/> is −1 (±1 encoding) or 0 (0/1 encoding).
    /// </summary>
    public static void Activate(ReadOnlySpan<float> x, Span<float> y, float off = -1f) => Threshold(x, y, -TieTolerance, off);

    private static void Threshold(ReadOnlySpan<float> x, Span<float> y, float threshold, float off = -1f)
    {
        if (y.Length < x.Length) throw new ArgumentException("Output shorter than input.");
        int i = 0, width = Vector<float>.Count;
        var plus = Vector<float>.One; var minus = new Vector<float>(off); var t = new Vector<float>(threshold);
        for (; i <= x.Length - width; i += width)
            Vector.ConditionalSelect(Vector.GreaterThanOrEqual(new Vector<float>(x[i..]), t), plus, minus).CopyTo(y[i..]);
        for (; i < x.Length; i++) y[i] = x[i] >= threshold ? 1f : off;
    }

    /// <summary>Index of the largest value; values within TieTolerance of each other tie, and the first one wins.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int k = 1; k < values.Length; k++) if (values[k] > values[best] + TieTolerance) best = k;
        return best;
    }
}
