namespace CrossbarLab.Compute;

/// <summary>Softmax cross-entropy of one sample's output column sums: the loss CrossbarLab trains on and analyses.</summary>
internal static class CrossEntropy
{
    /// <summary>Loss in nats of the sample whose output column sums are <paramref name="sums"/> (logits scale·sums) and whose class is <paramref name="label"/>.</summary>
    public static double Loss(ReadOnlySpan<float> sums, int label, float scale)
    {
        double max = double.NegativeInfinity;
        for (int c = 0; c < sums.Length; c++) max = Math.Max(max, (double)scale * sums[c]);
        double total = 0;
        for (int c = 0; c < sums.Length; c++) total += Math.Exp((double)scale * sums[c] - max);
        return Math.Log(total) + max - (double)scale * sums[label];
    }
}
