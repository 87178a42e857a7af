using CrossbarLab.Analysis;

namespace CrossbarLab.Tests.Analysis;

public class QuadraticFitTests
{
    [Fact]
    public void RecoversAnExactParabola()
    {
        double[] x = [-1, -0.5, 0, 0.25, 1];
        var (a, b, c) = QuadraticFit.Fit(x, x.Select(v => 2 - 3 * v + 1.5 * v * v).ToArray());
        Assert.Equal(2, a, 10); Assert.Equal(-3, b, 10); Assert.Equal(1.5, c, 10);
        Assert.Equal(3, QuadraticFit.Curvature(x, x.Select(v => 2 - 3 * v + 1.5 * v * v).ToArray()), 10);
    }

    [Fact]
    public void FitsLeastSquaresThroughNoise()
    {
        // y = x² + (+0.1, −0.1, +0.1, −0.1, +0.1) on x = −2 … 2: by symmetry the even residual pattern moves a, not b.
        double[] x = [-2, -1, 0, 1, 2];
        double[] y = [4.1, 0.9, 0.1, 0.9, 4.1];
        var (_, b, c) = QuadraticFit.Fit(x, y);
        Assert.Equal(0, b, 10);
        // Hand-solved normal equations: c = (Σx²y − Σx²·Σy/5)/(Σx⁴ − (Σx²)²/5) = (34.6 − 10·10.1/5)/(34 − 20) = 14.4/14.
        Assert.Equal(14.4 / 14, c, 10);
    }

    [Fact]
    public void NeedsThreeDistinctPoints() => Assert.Throws<ArgumentException>(() => QuadraticFit.Fit([0, 1, 1], [0, 1, 1]));
}
