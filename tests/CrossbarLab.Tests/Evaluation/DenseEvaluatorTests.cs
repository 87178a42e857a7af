using CrossbarLab.Compute;
using CrossbarLab.Devices;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Tests.Evaluation;

public class DenseEvaluatorTests
{
    [Fact]
    public void WithIdealWeightsItAgreesWithTheBitPackedInference()
    {
        var spec = NetworkSpec.Die;
        var net = BinaryNetwork.Initialize(spec, 8, 1f);
        var data = TestData.RandomSet(2500, spec.Inputs, 2);
        var weights = Enumerable.Range(0, spec.LayerCount).Select(net.BinaryWeights).ToArray();
        Assert.Equal(new PackedInference(net, new CpuCompute()).Error(data), new DenseEvaluator(new CpuCompute()).Error(weights, spec.Widths, data));
    }

    [Fact]
    public void EffectiveWeightsOfACleanDieAreTheSigns()
    {
        var spec = NetworkSpec.Die;
        var net = BinaryNetwork.Initialize(spec, 8, 1f);
        var mapping = DifferentialMapping.Create(spec.Widths, ArrayGeometry.Nist20k);
        var eff = EffectiveWeights.For(net, Die.Ideal(ArrayGeometry.Nist20k, DeviceModel.SttMram), mapping);
        for (int l = 0; l < spec.LayerCount; l++) Assert.Equal(net.BinaryWeights(l), eff[l]);
    }

    [Fact]
    public void EffectiveWeightsChangeExactlyTheCellsOfDefectiveDevices()
    {
        var spec = NetworkSpec.Die;
        var net = BinaryNetwork.Initialize(spec, 8, 1f);
        var g = ArrayGeometry.Nist20k;
        var mapping = DifferentialMapping.Create(spec.Widths, g);
        var kinds = new byte[g.DeviceCount];
        var (pos, _) = mapping.Devices(0, 7, 11);
        var (_, neg) = mapping.Devices(1, 40, 3);
        kinds[pos] = (byte)DefectKind.Short;
        kinds[neg] = (byte)DefectKind.Open;
        var ideal = Die.Ideal(g, DeviceModel.SttMram);
        var die = new Die("d", "test", g, DeviceModel.SttMram, new DefectMap(g, kinds), ideal.LowOhms, ideal.HighOhms);
        var eff = EffectiveWeights.For(net, die, mapping, saturation: 4);
        var b0 = net.BinaryWeights(0); var b1 = net.BinaryWeights(1);
        Assert.Equal(4f, eff[0][7 * 90 + 11]);
        int s = (int)b1[40 * 10 + 3];
        Assert.Equal((float)DefectEffects.EffectiveWeight(DeviceModel.SttMram, DefectKind.None, DefectKind.Open, s), eff[1][40 * 10 + 3]);
        Assert.Equal(b0.Length - 1, b0.Zip(eff[0]).Count(p => p.First == p.Second));
        Assert.Equal(b1.Length - 1, b1.Zip(eff[1]).Count(p => p.First == p.Second));
    }
}
