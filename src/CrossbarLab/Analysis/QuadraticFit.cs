namespace CrossbarLab.Analysis;

/// <summary>Least-squares fit of y ≈ a + b·x + c·x² to sampled points: the curvature y'' = 2c of a 1-D landscape.</summary>
public static class QuadraticFit
{
    /// <summary>Coefficients (a, b, c) of the best fit; needs at least three distinct x.</summary>
    public static (double A, double B, double C) Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException("x and y differ in length.");
        if (x.Distinct().Count() < 3) throw new ArgumentException("A quadratic fit needs at least three distinct x.");
        // Normal equations of the Vandermonde system, in double, solved by Cramer's rule: 3×3 and well conditioned for |x| ≲ 1.
        double s0 = x.Count, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
        for (int i = 0; i < x.Count; i++)
        {
            double xi = x[i], x2 = xi * xi;
            s1 += xi; s2 += x2; s3 += x2 * xi; s4 += x2 * x2;
            t0 += y[i]; t1 += xi * y[i]; t2 += x2 * y[i];
        }
        double det = Det(s0, s1, s2, s1, s2, s3, s2, s3, s4);
        double a = Det(t0, s1, s2, t1, s2, s3, t2, s3, s4) / det;
        double b = Det(s0, t0, s2, s1, t1, s3, s2, t2, s4) / det;
        double c = Det(s0, s1, t0, s1, s2, t1, s2, s3, t2) / det;
        return (a, b, c);
    }

    /// <summary>Second derivative 2c of the fitted quadratic.</summary>
    public static double Curvature(IReadOnlyList<double> x, IReadOnlyList<double> y) => 2 * Fit(x, y).C;

    private static double Det(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
}
