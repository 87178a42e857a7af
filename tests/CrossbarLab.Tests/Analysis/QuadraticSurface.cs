using CrossbarLab.Analysis;
using CrossbarLab.Model;

namespace CrossbarLab.Tests.Analysis;

/// <summary>f(x) = ½xᵀAx + gᵀx on one "layer" of n parameters (one neuron, so per-neuron normalisation is by the whole vector): a landscape with known curvature dᵀAd.</summary>
internal sealed class QuadraticSurface(double[,] a, double[] g, float[] origin) : ILossSurface
{
    public float[][] Origin { get; } = [origin];
    public int[] Columns { get; } = [1];
    public int Evaluations { get; private set; }

    public LossAndError Evaluate(float[][] parameters)
    {
        Evaluations++;
        return new LossAndError(Value(parameters[0]), 0);
    }

    public double Value(float[] x)
    {
        double f = 0;
        for (int i = 0; i < x.Length; i++)
        {
            f += g[i] * x[i];
            for (int j = 0; j < x.Length; j++) f += 0.5 * x[i] * a[i, j] * x[j];
        }
        return f;
    }

    public double Curvature(float[] d)
    {
        double c = 0;
        for (int i = 0; i < d.Length; i++) for (int j = 0; j < d.Length; j++) c += d[i] * a[i, j] * d[j];
        return c;
    }

    /// <summary>A symmetric positive-definite A = BᵀB + I, a gradient g and an origin, all from a seed.</summary>
    public static QuadraticSurface Random(int n, ulong seed)
    {
        var b = TestData.RandomFloats(n * n, seed);
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = i == j ? 1 : 0;
                for (int k = 0; k < n; k++) s += b[k * n + i] * b[k * n + j];
                a[i, j] = s;
            }
        return new QuadraticSurface(a, TestData.RandomFloats(n, seed + 1).Select(v => (double)v).ToArray(), TestData.RandomFloats(n, seed + 2));
    }
}
