using CrossbarLab.Analysis;

namespace CrossbarLab.Tests.Analysis;

public class SharpnessTests
{
    [Fact]
    public void OnAQuadraticTheLossIncreaseIsHalfRhoSquaredTimesTheMeanCurvature()
    {
        var q = QuadraticSurface.Random(8, 21);
        const double rho = 0.3;
        var s = Sharpness.Measure(q, rho, 6, 7, seed: 4);
        var curvatures = Enumerable.Range(0, 6).Select(m => q.Curvature(Directions.PerNeuron(q.Origin, q.Columns, 4, m)[0])).ToArray();
        // The gradient term cancels between +ρ and −ρ; what is left is ½ρ²·dᵀAd per direction.
        Assert.Equal(0.5 * rho * rho * curvatures.Average(), s.LossIncrease.Value, 3);
        Assert.Equal(curvatures.Average(), s.Curvature.Value, 2);
        Assert.True(s.Curvature.Low <= s.Curvature.Value && s.Curvature.Value <= s.Curvature.High);
        Assert.Equal(0, s.ErrorIncrease.Value);
        Assert.Equal(6 * 7, q.Evaluations);
    }

    [Fact]
    public void AFlatterQuadraticIsLessSharp()
    {
        var steep = QuadraticSurface.Random(5, 3);
        var flat = new QuadraticSurface(Scale(steep, 0.1), new double[5], steep.Origin[0]);
        Assert.True(Sharpness.Measure(flat, 0.5, 4, 5, 1).LossIncrease.Value < Sharpness.Measure(steep, 0.5, 4, 5, 1).LossIncrease.Value);
    }

    private static double[,] Scale(QuadraticSurface q, double factor)
    {
        var a = new double[5, 5];
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
            {
                var e = new float[5]; e[i] += 1; var f = new float[5]; f[j] += 1;
                // aᵢⱼ = (curv(eᵢ + eⱼ) − curv(eᵢ) − curv(eⱼ))/2 for i ≠ j, curv(eᵢ) on the diagonal.
                var sum = e.Zip(f, (x, y) => x + y).ToArray();
                a[i, j] = factor * (i == j ? q.Curvature(e) : (q.Curvature(sum) - q.Curvature(e) - q.Curvature(f)) / 2);
            }
        return a;
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(4, 4)]
    [InlineData(4, 1)]
    public void ImpossibleSettingsAreRefused(int directions, int points) =>
        Assert.Throws<InvalidConfigurationException>(() => Sharpness.Measure(QuadraticSurface.Random(3, 1), 0.5, directions, points, 1));
}
