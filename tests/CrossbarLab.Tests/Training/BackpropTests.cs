using CrossbarLab.Compute;
using CrossbarLab.Model;
using CrossbarLab.Training;

namespace CrossbarLab.Tests.Training;

public class BackpropTests
{
    private static readonly NetworkSpec Small = new(3, 0.5, [5, 4], 10, 0.5f);

    private static double MeanLoss(Backprop bp, float[][] w, CrossbarLab.Data.EncodedSet data, float[][] grads)
    {
        bp.SetWeights(w);
        return bp.Run(data.Inputs, data.Packed, data.Labels, data.Count, grads).LossSum / data.Count;
    }

    [Fact]
    public void RelaxedGradientMatchesFiniteDifferences()
    {
        var data = TestData.RandomSet(7, Small.Inputs, 3);
        var net = BinaryNetwork.Initialize(Small, 5, 0.9f);
        // A wide window keeps every hardtanh off its kinks, so the relaxed loss is smooth where we probe it.
        var bp = new Backprop(Small, 7, steWindow: 4f, new CpuCompute(), ForwardMode.Relaxed);
        var grads = net.Weights.Select(w => new float[w.Length]).ToArray();
        MeanLoss(bp, net.Weights, data, grads);
        var analytic = grads.Select(g => (float[])g.Clone()).ToArray();
        var scratch = net.Weights.Select(w => new float[w.Length]).ToArray();

        const float h = 1e-2f;
        int checkedCount = 0;
        for (int l = 0; l < net.Weights.Length; l++)
            for (int i = 0; i < net.Weights[l].Length; i++)
            {
                float saved = net.Weights[l][i];
                net.Weights[l][i] = saved + h; double up = MeanLoss(bp, net.Weights, data, scratch);
                net.Weights[l][i] = saved - h; double down = MeanLoss(bp, net.Weights, data, scratch);
                net.Weights[l][i] = saved;
                double numeric = (up - down) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[l][i]) <= 2e-3 + 2e-2 * Math.Abs(numeric),
                    $"layer {l} weight {i}: analytic {analytic[l][i]} vs numeric {numeric}");
                checkedCount++;
            }
        Assert.Equal(9 * 5 + 5 * 4 + 4 * 10, checkedCount);
        Assert.Contains(analytic.SelectMany(g => g), g => Math.Abs(g) > 1e-3); // the check is not vacuous
    }

    [Fact]
    public void BinaryForwardLossMatchesHandComputedSoftmax()
    {
        // One sample, no hidden layer: z = x·sign(W); loss = log Σ exp(s·z) − s·z[label].
        var spec = new NetworkSpec(2, 0.5, [], 10, 0.5f);
        var w = TestData.RandomFloats(4 * 10, 11);
        var x = new float[] { 1, -1, -1, 1 };
        var data = new CrossbarLab.Data.EncodedSet(1, 4, x, [3]);
        var bp = new Backprop(spec, 1, 1f, new CpuCompute());
        var grads = new[] { new float[40] };
        bp.SetWeights([w]);
        var (loss, errors) = bp.Run(data.Inputs, data.Packed, data.Labels, 1, grads);

        var z = new double[10];
        for (int j = 0; j < 10; j++) for (int i = 0; i < 4; i++) z[j] += x[i] * (w[i * 10 + j] >= 0 ? 1 : -1);
        double expected = Math.Log(z.Sum(v => Math.Exp(0.5 * v))) - 0.5 * z[3];
        Assert.Equal(expected, loss, 5);
        int predicted = Array.IndexOf(z, z.Max());
        Assert.Equal(predicted == 3 ? 0 : 1, errors);
        // ∂L/∂W[i, j] = x_i · s · (softmax_j − [j = 3])
        double norm = z.Sum(v => Math.Exp(0.5 * v));
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 10; j++)
                Assert.Equal(x[i] * 0.5 * (Math.Exp(0.5 * z[j]) / norm - (j == 3 ? 1 : 0)), grads[0][i * 10 + j], 5);
    }

    [Fact]
    public void StraightThroughEstimatorBlocksSaturatedNeurons()
    {
        // With a tiny window every hidden pre-activation lies outside it, so no gradient reaches the first layer.
        var data = TestData.RandomSet(5, Small.Inputs, 4);
        var net = BinaryNetwork.Initialize(Small, 6, 0.5f);
        var bp = new Backprop(Small, 5, steWindow: 1e-4f, new CpuCompute());
        var grads = net.Weights.Select(w => new float[w.Length]).ToArray();
        bp.SetWeights(net.Weights);
        bp.Run(data.Inputs, data.Packed, data.Labels, 5, grads);
        // Pre-activations of 9 ±1 products are odd integers, never 0, so |c·z| ≥ 1e4 > 1 everywhere.
        Assert.All(grads[0], g => Assert.Equal(0f, g));
        Assert.Contains(grads[2], g => g != 0f);
    }
}
