using CrossbarLab.Compute;
using CrossbarLab.Model;

namespace CrossbarLab.Tests.Model;

public class PackedInferenceTests
{
    [Fact]
    public void MatchesAFloatForwardPassWithSignActivations()
    {
        var spec = new NetworkSpec(9, 0.5, [70, 33], 10, 0.2f);
        var net = BinaryNetwork.Initialize(spec, 2, 1f);
        var data = TestData.RandomSet(1500, spec.Inputs, 8); // more than one chunk
        int errors = 0;
        var widths = spec.Widths;
        for (int s = 0; s < data.Count; s++)
        {
            var a = data.Inputs.AsSpan(s * spec.Inputs, spec.Inputs).ToArray();
            for (int l = 0; l < spec.LayerCount; l++)
            {
                var w = net.BinaryWeights(l);
                var z = new float[widths[l + 1]];
                for (int j = 0; j < z.Length; j++) for (int i = 0; i < a.Length; i++) z[j] += a[i] * w[i * z.Length + j];
                a = l + 1 < spec.LayerCount ? z.Select(v => v >= 0 ? 1f : -1f).ToArray() : z;
            }
            if (CrossbarLab.Compute.Signs.ArgMax(a) != data.Labels[s]) errors++;
        }
        Assert.Equal(errors, new PackedInference(net, new CpuCompute()).CountErrors(data));
    }

    [Fact]
    public void ArgMaxBreaksTiesTowardsTheFirstIndex() => Assert.Equal(1, CrossbarLab.Compute.Signs.ArgMax([0f, 3f, 3f, -1f]));

    [Fact]
    public void RejectsDataOfTheWrongWidth()
    {
        var net = BinaryNetwork.Initialize(NetworkSpec.Die, 1, 0.1f);
        Assert.Throws<InvalidConfigurationException>(() => new PackedInference(net, new CpuCompute()).CountErrors(TestData.RandomSet(3, 50, 1)));
    }
}
