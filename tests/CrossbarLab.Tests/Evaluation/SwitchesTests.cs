using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Devices;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Tests.Evaluation;

/// <summary>The hardware switches (encoding, offsets, placement, digital layers, short strength) against hand-computed cases.</summary>
public class SwitchesTests
{
    // 4 inputs, 3 hidden, 10 outputs on 4 tiles of 4 × 10 cells: layer 0 in the first tile pair, layer 1 in the second.
    private static readonly ArrayGeometry Tiny = new(4, 4, 10, 0);
    private static readonly DeviceModel Ideal = DeviceModel.SttMram with { DeviceSpreadSigmaLn = 0, ReadNoiseSigmaRelative = 0 };

    private static NetworkSpec Spec(InputEncoding encoding, OnDie onDie = OnDie.All, DigitalLayers digital = DigitalLayers.Binary) =>
        new(2, 0.5, [3], 10, 1f, encoding, null, onDie, digital);

    /// <summary>Hidden weights: neuron 0 = +x0 −x1, neuron 1 = +x2 +x3, neuron 2 all +1; output k reads the hidden signs.</summary>
    private static BinaryNetwork Network(NetworkSpec spec, float[]? offsets0 = null)
    {
        var w0 = new float[] { 0.5f, 0.5f, 0.5f, -0.5f, 0.5f, 0.5f, -0.5f, 0.5f, 0.5f, -0.5f, 0.5f, 0.5f };
        var w1 = new float[30];
        for (int j = 0; j < 3; j++) for (int k = 0; k < 10; k++) w1[j * 10 + k] = (k + j) % 3 == 0 ? 0.5f : -0.5f;
        var offsets = spec.HasOffsets ? new[] { offsets0 ?? new float[3], new float[10] } : null;
        return new BinaryNetwork(spec, [w0, w1], offsets);
    }

    private static Die WithDefect(int device, DefectKind kind)
    {
        var kinds = new byte[Tiny.DeviceCount];
        kinds[device] = (byte)kind;
        var ideal = Die.Ideal(Tiny, Ideal);
        return new Die("d", "test", Tiny, Ideal, new DefectMap(Tiny, kinds), ideal.LowOhms, ideal.HighOhms);
    }

    private static EncodedSet One(InputEncoding encoding, params float[] x) =>
        new(1, 4, x.Select(v => v > 0 ? 1f : encoding.Off()).ToArray(), [0], encoding);

    [Fact]
    public void ZeroOneInputsGiveHalfTheXnorSumPlusHalfTheColumnSum()
    {
        // x = (1, 0, 1, 1): hidden sums x·w = (1·1 + 0·1 + 1·1 + 1·(−1), …) by hand.
        var spec = Spec(InputEncoding.ZeroOne);
        var net = Network(spec);
        var data = One(InputEncoding.ZeroOne, 1, 0, 1, 1);
        var packed = new PackedInference(net, new CpuCompute());
        var dense = new EffectiveDieForward(spec, [net.BinaryWeights(0), net.BinaryWeights(1)], new CpuCompute());
        var z = dense.Values(net, 0, data.Inputs, 1);
        // w0 rows: input0 (+,+,+), input1 (−,+,+), input2 (−,+,+), input3 (−,+,+).
        Assert.Equal([1f - 1 - 1, 1f + 1 + 1, 3f], z);
        Assert.Equal(dense.Classes(net, data.Inputs, 1, 0), new DenseEvaluator(new CpuCompute()).Predict(
            [net.BinaryWeights(0), net.BinaryWeights(1)], spec.Widths, data, net.Offsets));
        Assert.Equal(new DenseEvaluator(new CpuCompute()).Predict([net.BinaryWeights(0), net.BinaryWeights(1)], spec.Widths, data, net.Offsets)[0],
            Signs.ArgMax(packed.Forward(data.Packed, data.Inputs, 1)));
    }

    [Fact]
    public void OffsetsShiftAHiddenNeuronAcrossItsThreshold()
    {
        var spec = Spec(InputEncoding.ZeroOne);
        var data = One(InputEncoding.ZeroOne, 1, 0, 1, 1);
        var plain = Network(spec);
        var shifted = Network(spec, [1.5f, 0f, 0f]);
        var ideal = EffectiveDieForward.Ideal(plain, new CpuCompute());
        // Neuron 0's sum is −1: off (0) without an offset, on (1) with +1.5.
        Assert.Equal(0f, ideal.Propagate(plain, data.Inputs, 1, 0, 1)[0]);
        Assert.Equal(1f, ideal.Propagate(shifted, data.Inputs, 1, 0, 1)[0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WithZeroOneInputsAShortOnARowWhoseInputIsZeroChangesNothing(bool circuit)
    {
        var spec = Spec(InputEncoding.ZeroOne);
        var net = Network(spec);
        var mapping = EffectiveWeights.Mapping(spec, Tiny);
        var (positive, _) = mapping.Devices(0, 1, 0); // input 1's row, hidden neuron 0
        var shorted = WithDefect(positive, DefectKind.Short);
        var clean = Die.Ideal(Tiny, Ideal);
        var off = One(InputEncoding.ZeroOne, 1, 0, 1, 1);  // input 1 is 0: its row sits at the reference voltage
        var on = One(InputEncoding.ZeroOne, 1, 1, 1, 1);
        IDieForward Forward(Die die) => circuit ? new CircuitEvaluator(net, die, mapping, 1) : new EffectiveDieForward(spec, EffectiveWeights.For(net, die, mapping), new CpuCompute());
        Assert.Equal(Forward(clean).Values(net, 0, off.Inputs, 1), Forward(shorted).Values(net, 0, off.Inputs, 1));
        Assert.NotEqual(Forward(clean).Values(net, 0, on.Inputs, 1), Forward(shorted).Values(net, 0, on.Inputs, 1));
        // With ±1 inputs the same row is driven at −V and the short shows.
        var pm = Spec(InputEncoding.PlusMinusOne);
        var pmNet = Network(pm);
        var pmOff = One(InputEncoding.PlusMinusOne, 1, 0, 1, 1);
        var eff = EffectiveWeights.For(pmNet, shorted, EffectiveWeights.Mapping(pm, Tiny));
        Assert.NotEqual(EffectiveDieForward.Ideal(pmNet, new CpuCompute()).Values(pmNet, 0, pmOff.Inputs, 1),
            new EffectiveDieForward(pm, eff, new CpuCompute()).Values(pmNet, 0, pmOff.Inputs, 1));
    }

    [Fact]
    public void WithFirstLayerPlacementTheOutputLayerSeesNoDefects()
    {
        var spec = Spec(InputEncoding.PlusMinusOne, OnDie.First);
        var net = Network(spec);
        var all = EffectiveWeights.Mapping(spec with { OnDie = OnDie.All }, Tiny);
        var (positive, _) = all.Devices(1, 2, 5); // where layer 1's cell (2, 5) would sit if the output layer were on the die
        var die = WithDefect(positive, DefectKind.Short);
        var eff = EffectiveWeights.For(net, die, EffectiveWeights.Mapping(spec, Tiny));
        Assert.Equal(net.BinaryWeights(1), eff[1]);
        var withAll = EffectiveWeights.For(new BinaryNetwork(spec with { OnDie = OnDie.All }, net.Weights), die, all);
        Assert.NotEqual(net.BinaryWeights(1), withAll[1]);
        // The circuit level computes the digital layer exactly too.
        var data = One(InputEncoding.PlusMinusOne, 1, -1, 1, 1);
        Assert.Equal(new CircuitEvaluator(net, Die.Ideal(Tiny, Ideal), EffectiveWeights.Mapping(spec, Tiny), 1).OutputValues(data.Inputs, 0),
            new CircuitEvaluator(net, die, EffectiveWeights.Mapping(spec, Tiny), 1).OutputValues(data.Inputs, 0));
    }

    [Fact]
    public void ARealDigitalLayerComputesWithTheLatentWeights()
    {
        var spec = Spec(InputEncoding.PlusMinusOne, OnDie.First, DigitalLayers.Real);
        var net = Network(spec);
        Assert.Equal(net.Weights[1], net.IdealWeights(1));
        Assert.Equal(net.BinaryWeights(0), net.IdealWeights(0));
        var data = One(InputEncoding.PlusMinusOne, 1, -1, 1, 1);
        // Hidden outputs (sums −1+… by hand): neuron 0 = 1+1−1−1 = 0 → +1; neuron 1 = 4 → +1; neuron 2 = 2 → +1; output k = 0.5·Σ sign.
        var outputs = new PackedInference(net, new CpuCompute()).Forward(data.Packed, data.Inputs, 1).ToArray();
        for (int k = 0; k < 10; k++) Assert.Equal(Enumerable.Range(0, 3).Sum(j => net.Weights[1][j * 10 + k]), outputs[k], 6);
    }

    [Theory]
    [InlineData(ShortStrength.Weak, 1.6296, 0.6296)]
    [InlineData(ShortStrength.Device, 5.9798, 4.9798)]
    [InlineData(ShortStrength.Strong, 13.5667, 12.5667)]
    public void ShortStrengthPresetsGiveTheHandComputedSingleShortWeight(ShortStrength strength, double plus, double minus)
    {
        // STT-MRAM: G_on = 1/(3 kΩ + access), G_off = 1/(7.5 kΩ + access), G_short = 1/(short + access);
        // w = (G_short − G_off)/(G_on − G_off) programmed +1, (G_short − G_on)/(G_on − G_off) programmed −1.
        var (ifPlus, ifMinus) = DefectEffects.SingleShort(DeviceModel.SttMram.With(strength));
        Assert.Equal(plus, ifPlus, 3);
        Assert.Equal(minus, ifMinus, 3);
    }

    [Fact]
    public void AnOpenDeviceInAPairGivesMinusPoint89OrMinus1Point89()
    {
        // G₊ = 0: programmed +1, w = (0 − G_off)/(G_on − G_off); programmed −1, w = (0 − G_on)/(G_on − G_off).
        var d = DeviceModel.SttMram;
        Assert.Equal(-0.889, DefectEffects.EffectiveWeight(d, DefectKind.Open, DefectKind.None, +1), 3);
        Assert.Equal(-1.889, DefectEffects.EffectiveWeight(d, DefectKind.Open, DefectKind.None, -1), 3);
    }
}
