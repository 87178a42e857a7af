using CrossbarLab.Analysis;

namespace CrossbarLab.Tests.Analysis;

public class LandscapeTests
{
    [Fact]
    public void StepsAreSymmetricAndAnOddCountHitsZeroExactly()
    {
        Assert.Equal(new[] { -1.0, -0.5, 0, 0.5, 1 }, Landscape.Steps(5, 1));
        var s = Landscape.Steps(25, 0.7);
        Assert.Equal(0.0, s[12]);
        Assert.Equal(-0.7, s[0], 12); Assert.Equal(0.7, s[^1], 12);
        Assert.Throws<InvalidConfigurationException>(() => Landscape.Steps(1, 1));
        Assert.Throws<InvalidConfigurationException>(() => Landscape.Steps(5, 0));
    }

    [Fact]
    public void ALineOfAQuadraticRecoversItsCurvature()
    {
        var q = QuadraticSurface.Random(6, 11);
        var d = Directions.PerNeuron(q.Origin, q.Columns, 5, 0);
        var steps = Landscape.Steps(11, 1);
        var line = new Landscape(q).Line(d, steps);
        Assert.Equal(q.Value(q.Origin[0]), line[5].Loss, 5);
        double expected = q.Curvature(d[0]);
        Assert.Equal(expected, QuadraticFit.Curvature(steps, line.Select(p => p.Loss).ToArray()), 3);
    }

    [Fact]
    public void ThePlaneIsTheSurfaceAtOriginPlusAlphaD1PlusBetaD2()
    {
        var q = QuadraticSurface.Random(4, 2);
        var d1 = Directions.PerNeuron(q.Origin, q.Columns, 1, 0);
        var d2 = Directions.PerNeuron(q.Origin, q.Columns, 1, 1);
        double[] alphas = [-1, 0, 0.5], betas = [-0.5, 0, 1, 2];
        var plane = new Landscape(q).Plane(d1, d2, alphas, betas);
        Assert.Equal(12, q.Evaluations);
        for (int b = 0; b < betas.Length; b++)
            for (int a = 0; a < alphas.Length; a++)
            {
                var x = q.Origin[0].Select((o, i) => (float)(o + alphas[a] * d1[0][i] + betas[b] * d2[0][i])).ToArray();
                Assert.Equal(q.Value(x), plane[b, a].Loss, 4);
            }
        // The second-order coefficients of the plane: f(α, β) has ∂²f/∂α² = d₁ᵀAd₁ (row β = 0).
        var row = Enumerable.Range(0, alphas.Length).Select(a => plane[1, a].Loss).ToArray();
        Assert.Equal(q.Curvature(d1[0]), QuadraticFit.Curvature(alphas, row), 3);
    }
}
