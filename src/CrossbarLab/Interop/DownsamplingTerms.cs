namespace CrossbarLab.Interop;

/// <summary>
/// The area-average downsampling of <c>CrossbarLab.Data.Preprocessing.Downsample</c>, unrolled into its terms: output
/// pixel p is Σ_t Weights[t][p] · image[Indices[t][p]], summed in t order starting from 0, divided by Denominator, then
/// rounded to float32. The terms are found by replaying that method's loops with the same double expressions, so each
/// weight (wr·wc), each product, each partial sum and the division round exactly as there. Pixels with fewer terms
/// than <see cref="Count"/> are padded with weight 0 at the end, which adds +0 and changes no sum.
/// </summary>
internal sealed class DownsamplingTerms
{
    /// <summary>Side of the downsampled image.</summary>
    public int Size { get; }

    /// <summary>Number of terms (the most source pixels any output pixel averages).</summary>
    public int Count => Indices.Length;

    /// <summary>Source pixel index (row·columns + column) of term t of output pixel p, at [t][p].</summary>
    public long[][] Indices { get; }

    /// <summary>Weight wr·wc of term t of output pixel p, at [t][p].</summary>
    public double[][] Weights { get; }

    /// <summary>rowStep · colStep · 255, the divisor that turns the weighted sum into an intensity in [0, 1].</summary>
    public double Denominator { get; }

    private DownsamplingTerms(int size, long[][] indices, double[][] weights, double denominator)
    {
        Size = size;
        Indices = indices;
        Weights = weights;
        Denominator = denominator;
    }

    /// <summary>
    /// The terms for downsampling a <paramref name="rows"/> × <paramref name="columns"/> image to size × size.
    /// </summary>
    public static DownsamplingTerms For(int rows, int columns, int size)
    {
        var perPixel = new List<(long Index, double Weight)>[size * size];
        double rowStep = (double)rows / size;
        double colStep = (double)columns / size;
        for (int i = 0; i < size; i++)
        {
            double r0 = i * rowStep;
            double r1 = r0 + rowStep;
            for (int j = 0; j < size; j++)
            {
                double c0 = j * colStep;
                double c1 = c0 + colStep;
                var terms = perPixel[i * size + j] = [];
                for (int r = (int)r0; r < Math.Min(rows, (int)Math.Ceiling(r1)); r++)
                {
                    double wr = Math.Min(r + 1, r1) - Math.Max(r, r0);
                    if (wr <= 0)
                        continue;
                    for (int c = (int)c0; c < Math.Min(columns, (int)Math.Ceiling(c1)); c++)
                    {
                        double wc = Math.Min(c + 1, c1) - Math.Max(c, c0);
                        if (wc > 0)
                            terms.Add((r * columns + c, wr * wc));
                    }
                }
            }
        }
        return Arrange(size, perPixel, rowStep * colStep * 255.0);
    }

    private static DownsamplingTerms Arrange(int size, List<(long Index, double Weight)>[] perPixel, double denominator)
    {
        int count = perPixel.Max(t => t.Count);
        var indices = new long[count][];
        var weights = new double[count][];
        for (int t = 0; t < count; t++)
        {
            indices[t] = new long[perPixel.Length];
            weights[t] = new double[perPixel.Length];
            for (int p = 0; p < perPixel.Length; p++)
            {
                if (t >= perPixel[p].Count)
                    continue;
                indices[t][p] = perPixel[p][t].Index;
                weights[t][p] = perPixel[p][t].Weight;
            }
        }
        return new DownsamplingTerms(size, indices, weights, denominator);
    }
}
