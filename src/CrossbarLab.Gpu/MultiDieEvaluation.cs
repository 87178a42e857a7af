namespace CrossbarLab.Gpu;

/// <summary>What <see cref="GpuDieEvaluator"/> found: errors per die and, if asked for, every prediction.</summary>
/// <param name="Samples">Images evaluated on each die.</param>
/// <param name="Errors">Misclassified images per die, in die order.</param>
/// <param name="Predictions">Predicted class per die and image ([die][image]), or null when not asked for.</param>
public sealed record MultiDieEvaluation(int Samples, int[] Errors, int[][]? Predictions)
{
    /// <summary>Error rate (fraction in [0, 1]) per die, in die order; 0 for an empty data set.</summary>
    public double[] ErrorRates() => Errors.Select(e => Samples == 0 ? 0.0 : (double)e / Samples).ToArray();
}
