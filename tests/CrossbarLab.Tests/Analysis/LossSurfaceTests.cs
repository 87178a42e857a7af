using CrossbarLab.Analysis;
using CrossbarLab.Compute;
using CrossbarLab.Evaluation;
using CrossbarLab.Model;

namespace CrossbarLab.Tests.Analysis;

/// <summary>The two network surfaces: latent (bit-packed) and effective (float), against each other and by hand.</summary>
public class LossSurfaceTests
{
    private static readonly NetworkSpec Spec = new(4, 0.5, [8], 10, 0.5f);

    [Fact]
    public void BothSurfacesAgreeAtTheSolutionAndMatchAHandComputedLoss()
    {
        var net = BinaryNetwork.Initialize(Spec, 3, 0.1f);
        var data = TestData.Prototypes(300, Spec.Inputs, 2);
        var latent = new LatentLossSurface(net, data, new CpuCompute());
        var effective = new EffectiveLossSurface(net, data, new CpuCompute());
        var a = latent.Evaluate(latent.Origin);
        var b = effective.Evaluate(effective.Origin);
        Assert.Equal(a.Error, b.Error);
        Assert.Equal(a.Loss, b.Loss, 9);
        Assert.Equal(new PackedInference(net, new CpuCompute()).Error(data), a.Error);

        // By hand: z = sign(sign(x·W₁)·W₂)… per sample, loss = CE(0.5·z).
        double loss = 0;
        var w1 = net.BinaryWeights(0); var w2 = net.BinaryWeights(1);
        for (int s = 0; s < data.Count; s++)
        {
            var h = new float[8];
            for (int j = 0; j < 8; j++)
            {
                float z = 0;
                for (int i = 0; i < 16; i++) z += data.Inputs[s * 16 + i] * w1[i * 8 + j];
                h[j] = z >= 0 ? 1 : -1;
            }
            var o = new float[10];
            for (int c = 0; c < 10; c++) for (int j = 0; j < 8; j++) o[c] += h[j] * w2[j * 10 + c];
            double max = o.Max(v => 0.5 * v), sum = o.Sum(v => Math.Exp(0.5 * v - max));
            loss += Math.Log(sum) + max - 0.5 * o[data.Labels[s]];
        }
        Assert.Equal(loss / data.Count, a.Loss, 9);
    }

    [Fact]
    public void TheLatentLandscapeIsScaleFree()
    {
        // sign(cW + α·c·d) = sign(W + α·d): per-neuron normalised directions make the landscapes of W and cW identical.
        var net = BinaryNetwork.Initialize(Spec, 5, 0.3f);
        var scaled = new BinaryNetwork(Spec, net.Weights.Select(w => w.Select(v => 0.25f * v).ToArray()).ToArray());
        var data = TestData.Prototypes(200, Spec.Inputs, 4);
        var options = LandscapeOptions.Default with { GridPoints = 5, SharpnessDirections = 3, LinePoints = 3 };
        var a = LandscapeAnalysis.Run("a", net, data, new CpuCompute(), options, 1);
        var b = LandscapeAnalysis.Run("b", scaled, data, new CpuCompute(), options, 1);
        Assert.Equal(a.Line.Select(p => p.Error), b.Line.Select(p => p.Error));
        Assert.Equal(a.Sharpness.LossIncrease.Value, b.Sharpness.LossIncrease.Value, 9);
        Assert.Equal(5 * 5, a.Plane!.Length);
        Assert.Equal(a.AtSolution, a.Line[2]);
    }

    [Fact]
    public void TheEffectiveSurfaceComputesWithTheRealWeightsItIsGiven()
    {
        var net = BinaryNetwork.Initialize(Spec, 6, 0.1f);
        var data = TestData.RandomSet(100, Spec.Inputs, 9);
        var surface = new EffectiveLossSurface(net, data, new CpuCompute());
        var w = surface.Origin.Select(l => l.Select(v => 1.5f * v).ToArray()).ToArray();
        w[0][3] = 7f;
        var expected = new DenseEvaluator(new CpuCompute()).Evaluate(w, Spec.Widths, data, Spec.OutputScale);
        Assert.Equal(expected, surface.Evaluate(w));
        Assert.Equal(new DenseEvaluator(new CpuCompute()).Error(w, Spec.Widths, data), expected.Error);
    }

    [Fact]
    public void OptionsAreValidated()
    {
        LandscapeOptions.Default.Validate();
        Assert.Throws<InvalidConfigurationException>(() => (LandscapeOptions.Default with { GridPoints = 24 }).Validate());
        Assert.Throws<InvalidConfigurationException>(() => (LandscapeOptions.Default with { Range = 0 }).Validate());
        Assert.Throws<InvalidConfigurationException>(() => (LandscapeOptions.Default with { Radius = double.NaN }).Validate());
        Assert.Throws<InvalidConfigurationException>(() => (LandscapeOptions.Default with { SharpnessDirections = 1 }).Validate());
        Assert.Equal(WeightSpace.Effective, WeightSpaces.Parse("effective"));
        Assert.Throws<InvalidConfigurationException>(() => WeightSpaces.Parse("conductance"));
    }
}
