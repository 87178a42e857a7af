namespace CrossbarLab.Hardware;

/// <summary>A point estimate with a confidence interval.</summary>
/// <param name="Value">The estimate.</param>
/// <param name="Low">Lower end of the interval.</param>
/// <param name="High">Upper end of the interval.</param>
public readonly record struct Estimate(double Value, double Low, double High)
{
    /// <summary>True if <paramref name="x"/> lies in [Low, High].</summary>
    public bool Contains(double x) => x >= Low && x <= High;

    /// <inheritdoc/>
    public override string ToString() => $"{Value:G4} [{Low:G4}, {High:G4}]";
}

/// <summary>Confidence intervals for means and proportions.</summary>
public static class Intervals
{
    /// <summary>Mean of <paramref name="values"/> with a Student-t interval at <paramref name="confidence"/> (e.g. 0.95).</summary>
    public static Estimate Mean(IReadOnlyList<double> values, double confidence)
    {
        int n = values.Count;
        double mean = values.Average();
        if (n < 2) return new Estimate(mean, double.NegativeInfinity, double.PositiveInfinity);
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        double half = StudentQuantile((1 + confidence) / 2, n - 1) * sd / Math.Sqrt(n);
        return new Estimate(mean, mean - half, mean + half);
    }

    /// <summary>Proportion <paramref name="successes"/>/<paramref name="trials"/> with a Wilson score interval.</summary>
    public static Estimate Proportion(long successes, long trials, double confidence)
    {
        if (trials <= 0) return new Estimate(double.NaN, 0, 1);
        double z = NormalQuantile((1 + confidence) / 2), p = (double)successes / trials, z2n = z * z / trials;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z * Math.Sqrt(p * (1 - p) / trials + z2n / (4.0 * trials)) / (1 + z2n);
        return new Estimate(p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>Quantile of the standard normal distribution (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    public static double NormalQuantile(double p)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p));
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) return -NormalQuantile(1 - p);
        double r = p - 0.5, s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }

    /// <summary>Quantile of Student's t with ν degrees of freedom (Cornish–Fisher expansion; within 1 % of tables for ν ≥ 3).</summary>
    public static double StudentQuantile(double p, int nu)
    {
        double z = NormalQuantile(p), z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
        return z + (z3 + z) / (4.0 * nu) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * nu * nu)
                 + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384.0 * nu * nu * nu);
    }
}
