using System.Numerics;

namespace CrossbarLab.Compute;

/// <summary>The sign function of binary networks, sign(x) ∈ {−1, +1} with sign(0) = +1, vectorised and branch-free
/// (a branch on random signs mispredicts half the time, which made weight quantisation the slowest part of a step).</summary>
public static class Signs
{
    /// <summary>y[i] = x[i] ≥ 0 ? +1 : −1 (−0 counts as 0, so as +1; NaN gives −1).</summary>
    public static void ToPlusMinusOne(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length) throw new ArgumentException("Output shorter than input.");
        int i = 0, width = Vector<float>.Count;
        var plus = Vector<float>.One; var minus = -Vector<float>.One;
        for (; i <= x.Length - width; i += width)
            Vector.ConditionalSelect(Vector.GreaterThanOrEqual(new Vector<float>(x[i..]), Vector<float>.Zero), plus, minus).CopyTo(y[i..]);
        for (; i < x.Length; i++) y[i] = x[i] >= 0f ? 1f : -1f;
    }
}
